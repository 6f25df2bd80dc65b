package io.mindmesh.registry.selection.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.registry.selection.AgentSelector;
import io.mindmesh.registry.selection.Selection;
import io.mindmesh.registry.selection.SelectionCriteria;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class SelectionService {

    private final CatalogSnapshots catalog;
    private final MeterRegistry meters;

    SelectionService(CatalogSnapshots catalog, MeterRegistry meters) {
        this.catalog = catalog;
        this.meters = meters;
    }

    /** Ranks the current catalog for the request; an empty selection is an answer, not an error. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Selection select(SelectionCriteria criteria) {
        CatalogSnapshot snapshot = catalog.current();
        Selection selection = AgentSelector.select(snapshot.agents(), snapshot.index().relevance(criteria.query()),
                criteria);
        meters.counter("mindmesh.registry.selections", "outcome", selection.selected().isEmpty() ? "empty" : "selected")
                .increment();
        return selection;
    }
}
