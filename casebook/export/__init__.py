"""Filing bundle planning and assembly (exhibits, Bates numbers, index, claim chart)."""
