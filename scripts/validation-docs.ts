// placeholder, replaced by the rule-docs generator
