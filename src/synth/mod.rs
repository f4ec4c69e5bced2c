//! `hkg bench-corpus`: a synthetic corpus of hospital news, with its gold facts.
//!
//! Benchmarks need thousands of articles, and the real ones cannot ship. This generator
//! writes fictional articles in the register of Chinese hospital news — a headline, a
//! byline, fact-bearing paragraphs (leaders, branches, honours, partners, visits, grades)
//! separated by ordinary prose about clinical work — so that a benchmark runs anywhere
//! without downloads, and `hkg eval` can check that quality holds at scale.
//!
//! Places come from the shipped gazetteer; hospitals, institutions, people, honours and
//! phrasing are drawn from pools of the language (surnames, given-name characters,
//! department names, honour patterns). Every article is a pure function of the seed and its
//! index, so the same command writes the same bytes on every machine.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

pub mod pages;

use crate::error::{Error, Result};
use crate::link::{Gazetteer, Level};

/// Articles per sub-folder, so no folder holds 100,000 files.
const PER_FOLDER: usize = 1000;

/// A small deterministic generator (SplitMix64): the corpus must not depend on a crate's
/// version of a random algorithm.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, index: u64) -> Self {
        let mut r = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    fn pick_ref<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// One generated article and its gold facts (TSV lines without the document column).
pub struct Article {
    pub id: String,
    pub text: String,
    pub gold: Vec<String>,
}

/// Places to write about: prefectures with their province and counties.
pub struct Atlas<'g> {
    gazetteer: &'g Gazetteer,
    /// (prefecture, counties under it)
    prefectures: Vec<(usize, Vec<usize>)>,
}

impl<'g> Atlas<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        let mut prefectures: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut slot = std::collections::HashMap::new();
        for (i, p) in gazetteer.places.iter().enumerate() {
            if p.level == Level::Prefecture && plain_place(&p.name) {
                slot.insert(i, prefectures.len());
                prefectures.push((i, Vec::new()));
            }
        }
        for (i, p) in gazetteer.places.iter().enumerate() {
            if p.level == Level::County && plain_place(&p.name) {
                if let Some(&s) = p.parent.and_then(|parent| slot.get(&parent)) {
                    prefectures[s].1.push(i);
                }
            }
        }
        prefectures.retain(|(_, counties)| !counties.is_empty());
        Atlas {
            gazetteer,
            prefectures,
        }
    }

    fn name(&self, i: usize) -> &str {
        &self.gazetteer.places[i].name
    }
}

/// Names ending in 市, 县 or 区 carry the short forms (市人民医院) the articles use.
fn plain_place(name: &str) -> bool {
    name.chars().count() >= 2
        && !name.ends_with("地区")
        && (name.ends_with('市') || name.ends_with('县') || name.ends_with('区'))
}

const GIVEN: &[&str] = &[
    "建", "明", "华", "丽", "志", "强", "伟", "芳", "海", "燕", "晓", "文", "军", "红", "平", "玉",
    "兰", "秀", "英", "东", "涛", "鹏", "俊", "静", "婷", "慧", "敏", "勇", "杰", "峰", "磊", "娜",
    "雪", "梅", "春", "林", "斌", "宇", "新", "刚", "辉", "琳", "霞", "桂", "荣", "波", "凯", "洁",
    "丹", "艳", "亮", "超", "健", "萍", "岚", "彬", "琦", "璐", "昊", "航", "帆", "冬", "秋", "松",
    "柏", "锋", "毅", "博", "瑶", "颖", "倩", "悦", "嘉", "思", "振",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "欧阳", "司马", "上官",
];

const CITY_BODIES: &[&str] = &[
    "人民医院",
    "第一人民医院",
    "第二人民医院",
    "中心医院",
    "中医院",
    "中医医院",
    "妇幼保健院",
    "儿童医院",
    "肿瘤医院",
    "第三人民医院",
];

const COUNTY_BODIES: &[&str] = &[
    "人民医院",
    "中医院",
    "中医医院",
    "妇幼保健院",
    "第一人民医院",
];

const PROVINCE_BODIES: &[&str] = &["人民医院", "儿童医院", "肿瘤医院", "妇幼保健院", "中医院"];

const DEPARTMENTS: &[&str] = &[
    "心血管内科",
    "呼吸与危重症医学科",
    "儿科",
    "妇产科",
    "普外科",
    "骨科",
    "神经内科",
    "急诊科",
    "肿瘤科",
    "消化内科",
    "内分泌科",
    "眼科",
    "康复医学科",
    "重症医学科",
    "麻醉科",
    "新生儿科",
    "泌尿外科",
    "肾内科",
];

const TOWN_HEADS: &[&str] = &[
    "兴", "石", "柳", "青", "白", "新", "长", "龙", "桃", "双", "黄", "清", "平", "永", "金",
];
const TOWN_TAILS: &[&str] = &[
    "隆", "桥", "林", "山", "沙", "安", "乐", "泉", "源", "河", "坪", "溪", "田", "湾", "岭",
];

const LEVELS: &[&str] = &["三级甲等", "三级乙等", "二级甲等", "二级乙等"];

const HOSPITAL_HONOURS: &[&str] = &[
    "全国文明单位",
    "全国卫生健康系统先进集体",
    "全国巾帼文明岗",
    "全国五一劳动奖状",
    "改善医疗服务示范医院",
    "全国三八红旗集体",
    "全国敬老文明号",
];
const HOSPITAL_HONOUR_TAILS: &[&str] = &["文明单位", "平安医院", "健康促进医院", "先进集体"];
const BRANCH_HONOURS: &[&str] = &[
    "先进基层党组织",
    "四强党支部",
    "标准化规范化建设示范党支部",
    "优秀基层党组织",
];
const PERSON_HONOUR_TAILS: &[&str] = &[
    "优秀医师",
    "最美医生",
    "优秀共产党员",
    "名医",
    "青年岗位能手",
];

const QUOTES: &[&str] = &[
    "我们始终把患者的需求放在第一位",
    "医院的发展离不开每一位职工的付出",
    "让群众在家门口看好病是我们的目标",
    "学科建设是医院高质量发展的核心",
    "党建和业务要同频共振、相互促进",
    "人才是医院最宝贵的财富",
];

const CLAUSES: &[&str] = &[
    "医院将继续深化改革，不断提升服务能力",
    "下一步将加强学科建设，推动优质资源下沉",
    "要以患者为中心，持续改善就医体验",
    "全院上下将以此为契机，推动医院高质量发展",
    "要把合作成果转化为群众看得见的实惠",
];

const TOPICS: &[&str] = &[
    "医院高质量发展",
    "公立医院改革",
    "基层医疗服务能力建设",
    "中医药传承创新",
    "妇幼健康服务",
    "智慧医院建设",
];

const FIELDS: &[&str] = &[
    "疑难危重症救治",
    "人才培养",
    "远程会诊",
    "科研协作",
    "新技术推广",
    "专科建设",
];

const TIMES: &[&str] = &[
    "今年以来",
    "近年来",
    "去年",
    "上半年",
    "截至目前",
    "自开科以来",
    "近三年",
];

const WORK: &[&str] = &[
    "累计完成手术{n}台",
    "开展新技术新项目{n}项",
    "接诊门急诊患者{n}万人次",
    "收治住院患者{n}余人次",
    "开展健康讲座{n}场",
    "完成远程会诊{n}例",
    "下乡义诊{n}次",
];

const RESULTS: &[&str] = &[
    "患者满意度提升至{p}%",
    "平均住院日缩短至{d}天",
    "药占比下降{d}个百分点",
    "危重症抢救成功率达到{p}%",
    "门诊预约率达到{p}%",
    "群众就医获得感明显增强",
];

const MEASURES: &[&str] = &[
    "推行预约诊疗和检查结果互认",
    "开设便民门诊和夜间门诊",
    "优化急诊绿色通道流程",
    "建立多学科联合诊疗机制",
    "推广日间手术和快速康复理念",
    "实行床旁结算和一站式服务",
];

const GOALS: &[&str] = &[
    "让患者少跑腿",
    "缓解群众看病难问题",
    "提升基层诊疗水平",
    "保障患者安全",
    "提高医疗服务效率",
];

const SCENES: &[&str] = &[
    "清晨七点半，门诊大厅已经排起了长队，导诊护士耐心地为患者指引方向。",
    "病房里，护士正在为术后患者更换敷料，并叮嘱家属注意饮食和休息。",
    "在手术室外的等候区，电子屏实时显示手术进程，家属可以随时了解情况。",
    "一位患者家属说，以前做这样的手术要去外地，现在在本地就能完成，省心又省钱。",
    "夜深了，值班医生仍在查看检查报告，不放过任何一个细节。",
    "志愿者们在自助机旁帮助老年人挂号缴费，现场秩序井然。",
    "康复训练室里，治疗师一边示范动作，一边鼓励患者坚持锻炼。",
    "健康宣教活动现场，医护人员为居民免费测量血压血糖，并发放宣传资料。",
];

/// How [`write_corpus`] writes its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `DIR/000/b000000.txt`: the article as text.
    Txt,
    /// `DIR/000/b000000.html`: the article as a web page of one of the [`pages::FAMILIES`]
    /// template families in turn, each with its own furniture.
    Html,
    /// `DIR/bench.warc.gz`: the same pages as the HTML responses of a crawl, one gzip member
    /// per record, at `https://bench.example/ID.html` (see [`warc_record`]).
    Warc,
}

/// The date the page of article `i` gives, so pages have a date to find.
pub fn page_date(i: usize) -> String {
    format!("20{:02}-{:02}-{:02}", 20 + i % 5, 1 + i % 12, 1 + i % 28)
}

/// An article as a page: its first line is the headline, every other non-empty line a
/// paragraph.
pub fn article_page(a: &Article, i: usize, seed: u64) -> String {
    let mut lines = a.text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().unwrap_or("");
    let paragraphs: Vec<&str> = lines.collect();
    pages::page(
        i % pages::FAMILIES,
        title,
        &page_date(i),
        &paragraphs,
        seed ^ i as u64,
    )
}

/// One WARC/1.1 `response` record (uncompressed) of an HTML page fetched from `uri`.
pub fn warc_record(uri: &str, date: &str, html: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let id = crate::ingest::short_hash(uri);
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:hkg:{id}>\r\nWARC-Date: {date}T00:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(http.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// Writes `n` articles and `gold.tsv` under `dir`; `progress` is called after each article.
pub fn write_corpus(
    dir: &Path,
    n: usize,
    seed: u64,
    shape: Shape,
    progress: &mut dyn FnMut(usize, u64),
) -> Result<u64> {
    let io = |path: &Path, e: std::io::Error| Error::Write {
        what: path.display().to_string(),
        source: e,
    };
    fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let gold_path = dir.join("gold.tsv");
    let mut gold = BufWriter::new(fs::File::create(&gold_path).map_err(|e| io(&gold_path, e))?);
    writeln!(
        gold,
        "# Gold facts of a synthetic corpus: hkg bench-corpus {n} DIR --seed {seed}"
    )
    .map_err(|e| io(&gold_path, e))?;
    let warc_path = dir.join("bench.warc.gz");
    let mut warc = match shape {
        Shape::Warc => Some(BufWriter::new(
            fs::File::create(&warc_path).map_err(|e| io(&warc_path, e))?,
        )),
        _ => None,
    };
    let atlas = Atlas::new(Gazetteer::builtin());
    let mut bytes = 0u64;
    for i in 0..n {
        let a = article(&atlas, seed, i as u64);
        let folder = dir.join(format!("{:03}", i / PER_FOLDER));
        if i % PER_FOLDER == 0 && shape != Shape::Warc {
            fs::create_dir_all(&folder).map_err(|e| io(&folder, e))?;
        }
        let written = match (shape, &mut warc) {
            (Shape::Txt, _) => {
                let path = folder.join(format!("{}.txt", a.id));
                fs::write(&path, &a.text).map_err(|e| io(&path, e))?;
                a.text.len()
            }
            (Shape::Html, _) => {
                let path = folder.join(format!("{}.html", a.id));
                let page = article_page(&a, i, seed);
                fs::write(&path, &page).map_err(|e| io(&path, e))?;
                page.len()
            }
            (Shape::Warc, Some(w)) => {
                let page = article_page(&a, i, seed);
                let record = warc_record(
                    &format!("https://bench.example/{}.html", a.id),
                    &page_date(i),
                    &page,
                );
                let mut gz = flate2::write::GzEncoder::new(w, flate2::Compression::fast());
                gz.write_all(&record).map_err(|e| io(&warc_path, e))?;
                gz.finish().map_err(|e| io(&warc_path, e))?;
                page.len()
            }
            (Shape::Warc, None) => 0,
        };
        for g in &a.gold {
            writeln!(gold, "{}\t{g}", a.id).map_err(|e| io(&gold_path, e))?;
        }
        bytes += written as u64;
        progress(i + 1, bytes);
    }
    if let Some(mut w) = warc {
        w.flush().map_err(|e| io(&warc_path, e))?;
    }
    gold.flush().map_err(|e| io(&gold_path, e))?;
    Ok(bytes)
}

/// The facts of one article, kept once each in the order they were stated.
#[derive(Default)]
struct Gold {
    seen: HashSet<String>,
    lines: Vec<String>,
}

impl Gold {
    fn add(&mut self, fields: &[&str]) {
        let line = fields.join("\t");
        if self.seen.insert(line.clone()) {
            self.lines.push(line);
        }
    }

    fn hospital(&mut self, h: &Org) {
        self.add(&["hospital", &h.name]);
        if let Some(place) = &h.place {
            self.add(&["located", &h.name, place]);
        }
    }

    fn person(&mut self, p: &str) {
        self.add(&["person", p]);
    }

    fn role(&mut self, p: &str, title: &str, org: &str) {
        self.add(&["person", p]);
        self.add(&["role", p, title, org]);
    }
}

/// A named organisation of an article.
struct Org {
    name: String,
    /// The place its name carries (gold `located`), for hospitals.
    place: Option<String>,
    /// The short form the article may use (市人民医院), for the subject hospital.
    short: Option<String>,
}

/// Everything one article is about.
struct Cast {
    subject: Org,
    province: String,
    city: String,
    partner: Org,
    town: Org,
    county_hospital: Org,
    university: String,
}

fn person(rng: &mut Rng, used: &mut HashSet<String>) -> String {
    loop {
        let mut name = (*rng.pick(SURNAMES)).to_owned();
        name.push_str(rng.pick(GIVEN));
        if rng.chance(70) {
            name.push_str(rng.pick(GIVEN));
        }
        if used.insert(name.clone()) {
            return name;
        }
    }
}

fn fill(rng: &mut Rng, template: &str) -> String {
    template
        .replace("{n}", &rng.range(12, 3600).to_string())
        .replace("{p}", &rng.range(90, 99).to_string())
        .replace("{d}", &format!("{}.{}", rng.range(2, 9), rng.below(10)))
}

/// One filler paragraph: clinical work and service, no named entity.
fn prose(rng: &mut Rng, out: &mut String) {
    for _ in 0..rng.range(2, 5) {
        let dept = rng.pick(DEPARTMENTS);
        let work = rng.pick(WORK);
        let work = fill(rng, work);
        let result = rng.pick(RESULTS);
        let result = fill(rng, result);
        let measure = rng.pick(MEASURES);
        let _ = match rng.below(4) {
            0 => write!(out, "{}，{dept}{work}，{result}。", rng.pick(TIMES)),
            1 => write!(out, "为{}，医院{measure}，{result}。", rng.pick(GOALS)),
            2 => write!(out, "{}", rng.pick(SCENES)),
            _ => write!(
                out,
                "{dept}医护团队坚持每周开展病例讨论，{measure}，{work}。"
            ),
        };
    }
    out.push_str("\n\n");
}

fn cast(atlas: &Atlas<'_>, rng: &mut Rng) -> Cast {
    let g = atlas.gazetteer;
    let (pref, counties) = rng.pick_ref(&atlas.prefectures);
    let city = atlas.name(*pref).to_owned();
    let province_i = g.places[*pref].parent.unwrap_or(*pref);
    let province = atlas.name(province_i).to_owned();
    let province_short = g.places[province_i]
        .short
        .clone()
        .unwrap_or_else(|| province.clone());
    let county = atlas.name(*rng.pick_ref(counties)).to_owned();
    let suffix = |place: &str| place.chars().last().map(String::from).unwrap_or_default();
    let subject = if rng.chance(60) {
        let body = rng.pick(CITY_BODIES);
        Org {
            name: format!("{city}{body}"),
            place: Some(city.clone()),
            short: Some(format!("{}{body}", suffix(&city))),
        }
    } else {
        let body = rng.pick(COUNTY_BODIES);
        Org {
            name: format!("{county}{body}"),
            place: Some(county.clone()),
            short: Some(format!("{}{body}", suffix(&county))),
        }
    };
    let university = format!(
        "{province_short}{}",
        rng.pick(&["医科大学", "中医药大学", "医学院"])
    );
    let partner = if rng.chance(60) {
        let body = rng.pick(PROVINCE_BODIES);
        Org {
            name: format!("{province}{body}"),
            place: Some(province.clone()),
            short: None,
        }
    } else {
        Org {
            name: format!(
                "{university}{}",
                rng.pick(&["附属医院", "第一附属医院", "第二附属医院"])
            ),
            // The name carries the province (江西医科大学附属医院 is in 江西省).
            place: Some(province.clone()),
            short: None,
        }
    };
    let town = format!("{}{}镇", rng.pick(TOWN_HEADS), rng.pick(TOWN_TAILS));
    let town = Org {
        name: format!("{town}卫生院"),
        place: Some(town),
        short: None,
    };
    // A second hospital of the prefecture, never the subject under another body
    // (二道江区中医院 and 二道江区中医医院 would be one hospital).
    let county_hospital = {
        let other = atlas.name(*rng.pick_ref(counties)).to_owned();
        let body = rng.pick(COUNTY_BODIES);
        let (place, body) = if subject.name.starts_with(&other) {
            (city.clone(), "第一人民医院")
        } else {
            (other, body)
        };
        let name = format!("{place}{body}");
        let name = if name == subject.name {
            format!("{place}第二人民医院")
        } else {
            name
        };
        Org {
            name,
            place: Some(place),
            short: None,
        }
    };
    Cast {
        subject,
        province,
        city,
        partner,
        town,
        county_hospital,
        university,
    }
}

/// The article with this index under this seed.
pub fn article(atlas: &Atlas<'_>, seed: u64, index: u64) -> Article {
    let mut rng = Rng::new(seed, index);
    let c = cast(atlas, &mut rng);
    let mut gold = Gold::default();
    let mut used = HashSet::new();
    let mut text = String::with_capacity(8192);
    let h = &c.subject.name;
    gold.hospital(&c.subject);

    // Headline and byline.
    let _ = write!(
        text,
        "{h}：{}\n\n",
        rng.pick(&[
            "党建引领护航群众健康",
            "以高质量发展回应百姓期待",
            "深化合作提升诊疗能力",
            "守护生命 服务百姓",
            "多措并举改善就医体验",
        ])
    );
    if rng.chance(70) {
        let reporter = person(&mut rng, &mut used);
        let correspondent = person(&mut rng, &mut used);
        let _ = write!(text, "□本报记者 {reporter} 通讯员 {correspondent}\n\n");
        gold.person(&reporter);
        gold.person(&correspondent);
    }

    // The sections, in a random order, with prose between them.
    let mut sections: Vec<u8> = (0..8).collect();
    for i in (1..sections.len()).rev() {
        let j = rng.below(i + 1);
        sections.swap(i, j);
    }
    let count = rng.range(3, 7);
    let mut short_used = false;
    let _ = write!(
        text,
        "近日，{h}召开{}推进会，部署下一阶段重点工作。",
        rng.pick(TOPICS)
    );
    prose(&mut rng, &mut text);
    for &s in sections.iter().take(count) {
        match s {
            0 => {
                let p = person(&mut rng, &mut used);
                let _ = write!(text, "“{}。”{h}党委书记、院长{p}说。", rng.pick(QUOTES));
                gold.role(&p, "党委书记", h);
                gold.role(&p, "院长", h);
                let q = person(&mut rng, &mut used);
                let title = rng.pick(&["副院长", "党委副书记", "院长助理"]);
                let _ = write!(text, "{h}{title}{q}表示，{}。\n\n", rng.pick(CLAUSES));
                gold.role(&q, title, h);
            }
            1 => {
                let dept = rng.pick(DEPARTMENTS);
                let p = person(&mut rng, &mut used);
                let branch = format!("{dept}党支部");
                let _ = write!(
                    text,
                    "该院{branch}书记、{dept}主任{p}介绍，支部以“{}”品牌为抓手，开展义诊活动{}余场。",
                    rng.pick(&["红色先锋", "党员先锋岗", "初心护航", "仁心向党"]),
                    rng.range(10, 60)
                );
                gold.role(&p, &format!("{branch}书记"), h);
                gold.role(&p, &format!("{dept}主任"), h);
                gold.add(&["branch", &branch, h]);
                let award = rng.pick(BRANCH_HONOURS);
                let organ = format!("{}直机关工委", c.city);
                let _ = write!(
                    text,
                    "今年{}月，{branch}被{organ}评为“{award}”。\n\n",
                    rng.range(1, 12)
                );
                gold.add(&["institution", &organ, "party"]);
                gold.add(&["award", &branch, award]);
            }
            2 => {
                let who = match (&c.subject.short, rng.chance(50)) {
                    (Some(short), true) => {
                        short_used = true;
                        short.clone()
                    }
                    _ => h.clone(),
                };
                let a1 = rng.pick(HOSPITAL_HONOURS).to_string();
                let a2 = format!("{}{}", c.province, rng.pick(HOSPITAL_HONOUR_TAILS));
                let _ = write!(text, "近年来，{who}先后荣获“{a1}”“{a2}”等荣誉称号。");
                gold.add(&["award", h, &a1]);
                gold.add(&["award", h, &a2]);
                let dept = rng.pick(DEPARTMENTS);
                let a3 = format!("{}临床重点专科", c.province);
                let _ = write!(text, "该院{dept}被评为{a3}。\n\n");
                gold.add(&["award", h, &a3]);
            }
            3 => {
                let p = &c.partner;
                let kind = rng.pick(&["专科联盟", "紧密型医联体", "全面合作"]);
                let _ = write!(
                    text,
                    "{h}与{}签订{kind}协议，双方将在{}、{}等方面深入合作。\n\n",
                    p.name,
                    rng.pick(FIELDS),
                    rng.pick(FIELDS)
                );
                gold.hospital(p);
                gold.add(&["partner", h, &p.name]);
            }
            4 => {
                let t = &c.town;
                let _ = write!(
                    text,
                    "为推进优质医疗资源下沉，{h}对口帮扶{}，每周选派{}专家到卫生院坐诊、查房和带教。",
                    t.name,
                    rng.pick(DEPARTMENTS)
                );
                gold.hospital(t);
                gold.add(&["partner", h, &t.name]);
                let p = person(&mut rng, &mut used);
                let _ = write!(
                    text,
                    "{}院长{p}介绍，帮扶以来，卫生院门诊量同比增长{}成。\n\n",
                    t.name,
                    rng.range(2, 5)
                );
                gold.role(&p, "院长", &t.name);
            }
            5 => {
                let gov = format!("{}人民政府", c.city);
                let commission = format!("{}卫生健康委员会", c.city);
                let p = person(&mut rng, &mut used);
                let q = person(&mut rng, &mut used);
                let _ = write!(
                    text,
                    "{}月{}日，{gov}副市长{p}一行到{h}调研{}工作，{commission}主任{q}陪同调研。",
                    rng.range(1, 12),
                    rng.range(1, 28),
                    rng.pick(TOPICS)
                );
                gold.add(&["institution", &gov, "government"]);
                gold.add(&["institution", &commission, "government"]);
                gold.role(&p, "副市长", &gov);
                gold.role(&q, "主任", &commission);
                let _ = write!(text, "{p}指出，{}。\n\n", rng.pick(CLAUSES));
            }
            6 => {
                let u = &c.university;
                let _ = write!(
                    text,
                    "{h}与{u}签订合作共建协议，双方将共建{}研究中心，联合开展临床研究和人才培养。",
                    rng.pick(&["慢病防治", "妇幼健康", "中医药传承", "区域医学影像"])
                );
                gold.add(&["institution", u, "university"]);
                gold.add(&["partner", h, u]);
                let p = person(&mut rng, &mut used);
                let _ = write!(
                    text,
                    "{u}副校长{p}出席签约仪式并讲话。{}作为{h}医联体成员单位，也将共享这一合作成果。\n\n",
                    c.county_hospital.name
                );
                gold.role(&p, "副校长", u);
                gold.hospital(&c.county_hospital);
                gold.add(&["partner", h, &c.county_hospital.name]);
            }
            _ => {
                let level = rng.pick(LEVELS);
                let _ = write!(
                    text,
                    "{h}是一所集医疗、教学、科研、预防于一体的{level}{}，现有职工{}余人，开放床位{}张。",
                    if h.contains("妇幼") { "妇幼保健院" } else { "综合医院" },
                    rng.range(300, 3000),
                    rng.range(200, 2000)
                );
                gold.add(&["level", h, level]);
                let dept = rng.pick(DEPARTMENTS);
                let p = person(&mut rng, &mut used);
                let award = format!(
                    "{}{}",
                    if rng.chance(50) { &c.city } else { &c.province },
                    rng.pick(PERSON_HONOUR_TAILS)
                );
                let _ = write!(text, "该院{dept}主任、主任医师{p}被授予“{award}”称号。\n\n");
                gold.role(&p, &format!("{dept}主任"), h);
                gold.role(&p, "主任医师", h);
                gold.add(&["award", &p, &award]);
            }
        }
        for _ in 0..rng.range(1, 4) {
            prose(&mut rng, &mut text);
        }
    }
    if short_used {
        if let Some(short) = &c.subject.short {
            gold.add(&["alias", h, short]);
        }
    }
    Article {
        id: format!("b{index:06}"),
        text,
        gold: gold.lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_and_index_give_the_same_article() {
        let atlas = Atlas::new(Gazetteer::builtin());
        let a = article(&atlas, 7, 42);
        let b = article(&atlas, 7, 42);
        assert_eq!(a.text, b.text);
        assert_eq!(a.gold, b.gold);
        assert_ne!(a.text, article(&atlas, 8, 42).text);
    }

    #[test]
    fn articles_vary_and_have_realistic_length() {
        let atlas = Atlas::new(Gazetteer::builtin());
        let articles: Vec<Article> = (0..200).map(|i| article(&atlas, 1, i)).collect();
        let heads: HashSet<&str> = articles
            .iter()
            .map(|a| a.text.lines().next().unwrap_or(""))
            .collect();
        assert!(heads.len() > 150, "{} distinct headlines", heads.len());
        let mean = articles.iter().map(|a| a.text.len()).sum::<usize>() / articles.len();
        assert!((2_000..20_000).contains(&mean), "mean {mean} bytes");
        assert!(articles
            .iter()
            .all(|a| a.gold.iter().any(|g| g.starts_with("hospital\t"))));
    }
}
