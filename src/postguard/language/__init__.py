"""Language models and rules: the comment classifier and the unprofessional-post rules."""
