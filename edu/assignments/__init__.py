"""What a teacher sets a class, and the rules that decide whether work can still be handed in."""
