"""plansearch: semantic search and chat over Swedish cancer-care planning documents."""
