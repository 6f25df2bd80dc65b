package io.mindmesh.system;

/** Request bodies copied from the public API's orchestrate examples (docs/public-api.md#orchestrate-examples). */
final class SeedExamples {

    private SeedExamples() {
    }

    static final String MARKETING_CAMPAIGN = """
            {
              "query": "Create a comprehensive marketing campaign for our product launch",
              "context": {
                "product": {"name": "DevAI Assistant", "category": "developer tools", "price": "$29/month"},
                "target": {"audience": "software engineers", "geography": ["US", "EU", "APAC"],
                           "companySize": ["startup", "mid-market"]},
                "goals": {"primary": "signups", "secondary": "brand awareness",
                          "kpis": {"signupGoal": 1000, "conversionRate": 0.05}}
              },
              "selectionCriteria": {"verticals": ["marketing"], "maxAgents": 3},
              "mode": "PARALLEL"
            }
            """;

    static final String CROSS_BORDER_PAYMENT = """
            {
              "query": "Process international payment with currency conversion and compliance check",
              "context": {
                "transaction": {"amount": 50000, "fromCurrency": "USD", "toCurrency": "EUR"},
                "sender": {"name": "ACME Corp", "country": "US", "accountType": "business"},
                "recipient": {"name": "Supplier GmbH", "country": "DE", "iban": "DE89370400440532013000"},
                "compliance": {"kycRequired": true, "amlCheck": true, "sanctionsScreening": true}
              },
              "selectionCriteria": {
                "verticals": ["cross-border"],
                "requiredCapabilities": ["multi_currency_conversion", "compliance_check", "payment_routing"]
              },
              "mode": "SEQUENTIAL"
            }
            """;

    static final String SUPPLY_CHAIN = """
            {
              "query": "Optimize inventory levels and coordinate shipments for Q4",
              "context": {
                "warehouse": {"location": "US-WEST-1", "capacity": 100000, "currentUtilization": 0.73},
                "inventory": {"criticalSkus": ["SKU-001", "SKU-042", "SKU-137"],
                              "targetStockLevel": "2-week supply", "reorderPoint": "1-week supply"},
                "shipments": {"activeShipments": 47, "pendingOrders": 123, "carriers": ["FedEx", "UPS", "DHL"]},
                "forecast": {"quarter": "Q4-2025", "expectedGrowth": 0.35, "peakDates": ["2025-11-25", "2025-12-20"]}
              },
              "selectionCriteria": {
                "verticals": ["supply-chain"],
                "requiredCapabilities": ["demand_forecasting", "inventory_optimization", "shipment_tracking"],
                "maxAgents": 2
              },
              "mode": "DAG"
            }
            """;

    static final String UNMATCHABLE = """
            {
              "query": "Translate ancient scrolls",
              "selectionCriteria": {"verticals": ["custom-vertical"], "requiredCapabilities": ["rare_capability"]}
            }
            """;
}
