"""Scale and speed runs of conflict-kg, with their synthetic ACLED-format data generator."""
