"""What is derived from the documents' passages: the glossary and the roles directory."""
