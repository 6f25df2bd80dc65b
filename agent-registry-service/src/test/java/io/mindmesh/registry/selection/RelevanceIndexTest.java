package io.mindmesh.registry.selection;

import static io.mindmesh.registry.selection.TestAgents.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RelevanceIndexTest {

    private final RelevanceIndex index = RelevanceIndex.of(List.of(
            agent("agent_invoice", "finance", "Extracts line items and totals from supplier invoices.", "invoice_extraction"),
            agent("agent_report", "finance", "Generates quarterly financial reports from the ledger.", "financial_reporting"),
            agent("agent_email", "marketing", "Writes email campaigns and newsletters.", "email_generation"),
            agent("agent_social", "marketing", "Plans social media posts for campaigns.", "social_media_posting")));

    @Test
    void aQueryWithoutAnyCatalogWordIsRelevantToNoAgent() {
        assertEquals(Map.of(), index.relevance("bake a chocolate cake"));
    }

    @Test
    void anAgentMentioningEveryQueryWordIsFullyRelevantAndOthersLess() {
        Map<String, Double> relevance = index.relevance("quarterly financial report");

        assertEquals(1.0, relevance.get("agent_report"), 0.05);
        assertTrue(relevance.getOrDefault("agent_invoice", 0.0) < 0.5, relevance.toString());
        assertEquals(0.0, relevance.getOrDefault("agent_email", 0.0));
    }

    @Test
    void rareWordsWeighMoreThanWordsManyAgentsShare() {
        // "campaigns" is in two agents, "newsletters" only in one: matching the rare word is worth more.
        Map<String, Double> relevance = index.relevance("campaign newsletter");

        assertTrue(relevance.get("agent_email") > 0.99, relevance.toString());
        assertTrue(relevance.get("agent_social") < 0.5, relevance.toString());
    }

    @Test
    void wordsNoAgentUsesNeitherHelpNorHurt() {
        double plain = index.relevance("financial report").get("agent_report");
        double padded = index.relevance("financial report for our shareholders, kindly").get("agent_report");

        assertEquals(plain, padded);
    }

    @Test
    void repeatingAWordDoesNotChangeTheRelevance() {
        assertEquals(index.relevance("email campaign"), index.relevance("email email email campaign campaign"));
    }

    @Test
    void stemmingAndIdentifiersMatchNaturalWording() {
        // "emails" stems to "email"; the capability email_generation is indexed as "email generation".
        assertTrue(index.relevance("generating emails").get("agent_email") > 0.99);
        assertTrue(index.relevance("email_generation").get("agent_email") > 0.99);
    }

    @Test
    void relevanceStaysWithinZeroAndOne() {
        index.relevance("financial financial report reports invoices email social posts campaign ledger")
                .values().forEach(value -> assertTrue(value >= 0 && value <= 1, "relevance " + value));
    }

    @Test
    void concurrentQueriesEachGetTheirOwnAnswer() throws Exception {
        Map<String, Double> alone = index.relevance("quarterly financial report");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, Double>>> answers = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                answers.add(threads.submit(() -> index.relevance("quarterly financial report")));
            }
            for (Future<Map<String, Double>> answer : answers) {
                assertEquals(alone, answer.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
