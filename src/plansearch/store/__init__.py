"""The index: embedding engines, vectors (FAISS), BM25, latent terms, passages and documents,
written as versions switched atomically, and the calibration of the model that built it."""
