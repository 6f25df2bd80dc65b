package io.mindmesh.registry.selection;

import io.mindmesh.registry.agent.Agent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Text relevance of a query to each agent, from Lucene's BM25 over an in-memory index of the
 * agents' name, display name, vertical, capabilities and description (English analysis:
 * lower-casing, stop words, Porter stemming).
 *
 * <p>For the distinct analysed terms {@code T} of the query that occur in the catalog at all:
 * <pre>
 *   relevance(a) = Σ_{t∈T} idf(t) · min(1, bm25(t, a) / ref(t))  /  Σ_{t∈T} idf(t)
 *   ref(t)       = idf(t) / (1 + k1)   (BM25 of one occurrence in a description of average length)
 * </pre>
 * that is, the IDF-weighted share of the query's known terms the agent matches, a term counting
 * fully once the agent mentions it at least as strongly as one mention in an average-length
 * entry. Query words no agent uses are left out: they would lower every agent alike and carry no
 * evidence for any of them. A query without a single known word is relevant to no agent.
 *
 * <p>Immutable once built and safe for concurrent use.
 */
public final class RelevanceIndex {

    static final float K1 = 1.2f;
    static final float B = 0.75f;

    private static final String ID = "id";
    private static final String TEXT = "text";

    private final Analyzer analyzer;
    private final IndexSearcher searcher;
    private final int documents;

    private RelevanceIndex(Analyzer analyzer, DirectoryReader reader) throws IOException {
        this.analyzer = analyzer;
        this.searcher = new IndexSearcher(reader);
        this.searcher.setSimilarity(new BM25Similarity(K1, B));
        this.documents = reader.numDocs();
    }

    /**
     * Indexes the agents in the given order. The heap-only directory needs no closing: a replaced
     * index is reclaimed by the garbage collector once no selection uses it.
     */
    public static RelevanceIndex of(List<Agent> agents) {
        Analyzer analyzer = new EnglishAnalyzer();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity(K1, B));
        try (IndexWriter writer = new IndexWriter(directory, config)) {
            for (Agent agent : agents) {
                Document document = new Document();
                document.add(new StringField(ID, agent.id(), Field.Store.YES));
                document.add(new TextField(TEXT, indexedText(agent), Field.Store.NO));
                writer.addDocument(document);
            }
            writer.commit();
            return new RelevanceIndex(analyzer, DirectoryReader.open(directory));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not build the agent relevance index", e);
        }
    }

    /** Relevance in [0, 1] of the query to every agent that matches at least one of its terms; others are 0. */
    public Map<String, Double> relevance(String query) {
        Map<String, Double> matched = new HashMap<>();
        double idfTotal = 0;
        try {
            // One per call: a StoredFields reader keeps decompression state and must not be shared
            // between threads (concurrent selections corrupted each other's reads).
            StoredFields storedFields = searcher.storedFields();
            for (String text : terms(query)) {
                Term term = new Term(TEXT, text);
                int docFreq = searcher.getIndexReader().docFreq(term);
                if (docFreq == 0) {
                    continue;
                }
                double idf = idf(docFreq);
                idfTotal += idf;
                for (ScoreDoc hit : searcher.search(new TermQuery(term), documents).scoreDocs) {
                    double strength = Math.min(1.0, hit.score * (1 + K1) / idf);
                    matched.merge(storedFields.document(hit.doc).get(ID), idf * strength, Double::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not search the agent relevance index", e);
        }
        double total = idfTotal;
        Map<String, Double> relevance = new HashMap<>();
        matched.forEach((id, score) -> relevance.put(id, Math.min(1.0, score / total)));
        return relevance;
    }

    /** Lucene's BM25 idf: ln(1 + (N − n + 0.5) / (n + 0.5)). */
    private double idf(int docFreq) {
        return Math.log(1 + (documents - docFreq + 0.5) / (docFreq + 0.5));
    }

    /** The query's distinct analysed terms, in their order of appearance. */
    private Set<String> terms(String query) throws IOException {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(TEXT, words(query))) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                terms.add(term.toString());
            }
            tokens.end();
        }
        return terms;
    }

    private static String indexedText(Agent agent) {
        return String.join(" ", agent.name(), agent.displayName(), agent.vertical(),
                String.join(" ", agent.capabilities()), agent.description()).transform(RelevanceIndex::words);
    }

    /**
     * Identifiers such as {@code email_generation} become words: the standard tokenizer keeps
     * underscores inside a token, and a query saying "email generation" must match them.
     */
    private static String words(String text) {
        return text.replace('_', ' ');
    }
}
