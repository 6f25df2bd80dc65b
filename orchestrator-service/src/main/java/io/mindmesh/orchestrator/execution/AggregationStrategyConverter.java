package io.mindmesh.orchestrator.execution;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class AggregationStrategyConverter implements AttributeConverter<AggregationStrategy, String> {

    @Override
    public String convertToDatabaseColumn(AggregationStrategy strategy) {
        return strategy == null ? null : strategy.wireName();
    }

    @Override
    public AggregationStrategy convertToEntityAttribute(String value) {
        return value == null ? null : AggregationStrategy.parse(value).orElseThrow();
    }
}
