"""Content packs: the YAML files that hold each article's facts and questions, in FR and EN."""
