//! Page templates for the generated HTML benchmark corpus: an article (title, date,
//! paragraphs) → a whole web page in the manner of one kind of site.
//!
//! Why: the main-text extractor is only as good as the furniture it has met. Each family brings
//! the furniture of one kind of Chinese site (hospital CMS, government TRS, WeChat, news
//! portal), and the furniture text varies with the seed and names hospitals and leaders, so a
//! menu or headline that leaks into the extracted text changes the extracted facts and is
//! caught by the benchmark.

use crate::serve::pages::esc;
use std::fmt::Write;

/// How many template families [`page`] knows, so that callers can cycle through all of them.
pub const FAMILIES: usize = 4;

/// Renders an article as a web page in one of four template families, each with its own furniture (so a main-text extractor is tested on varied sites).
pub fn page(family: usize, title: &str, date: &str, paragraphs: &[&str], seed: u64) -> String {
    let mut rng = XorShift::new(seed ^ (family as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let article = Article {
        title: &esc(title),
        date: Date::parse(date),
        paragraphs: &paragraphs.iter().map(|p| esc(p)).collect::<Vec<_>>(),
    };
    match family % FAMILIES {
        0 => hospital_cms(&article, &mut rng),
        1 => government_trs(&article, &mut rng),
        2 => wechat(&article, &mut rng),
        _ => news_portal(&article, &mut rng),
    }
}

struct Article<'a> {
    title: &'a str,
    date: Date,
    paragraphs: &'a [String],
}

/// A date in the parts the templates print in their own formats.
struct Date {
    y: u32,
    m: u32,
    d: u32,
}

impl Date {
    fn parse(s: &str) -> Date {
        let mut parts = s.split('-').map(|p| p.trim().parse::<u32>().unwrap_or(1));
        Date {
            y: parts.next().unwrap_or(2024),
            m: parts.next().unwrap_or(1),
            d: parts.next().unwrap_or(1),
        }
    }

    fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// One of the forms Chinese sites print, chosen by the generator.
    fn shown(&self, rng: &mut XorShift) -> String {
        match rng.below(4) {
            0 => self.iso(),
            1 => format!("{}年{}月{}日", self.y, self.m, self.d),
            2 => format!(
                "{:04}/{:02}/{:02} {:02}:{:02}",
                self.y,
                self.m,
                self.d,
                8 + rng.below(10),
                rng.below(60)
            ),
            _ => format!(
                "{}-{}-{} {:02}:{:02}:{:02}",
                self.y,
                self.m,
                self.d,
                8 + rng.below(10),
                rng.below(60),
                rng.below(60)
            ),
        }
    }
}

/// A tiny xorshift generator: the corpus must be reproducible without a rand dependency.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> XorShift {
        let mut rng = XorShift(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1);
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// `n` distinct items in a random order.
    fn sample<'a>(&mut self, items: &[&'a str], n: usize) -> Vec<&'a str> {
        let mut pool = items.to_vec();
        let mut out = Vec::with_capacity(n);
        while out.len() < n && !pool.is_empty() {
            out.push(pool.swap_remove(self.below(pool.len())));
        }
        out
    }
}

const HOSPITALS: &[&str] = &[
    "青山县人民医院",
    "南岭市中医院",
    "白沙县妇幼保健院",
    "东湖区人民医院",
    "南岭市第三人民医院",
    "清河县中医院",
    "南岭医科大学附属第二医院",
    "西岭镇卫生院",
    "南岭市妇幼保健院",
    "石门县人民医院",
];

const PEOPLE: &[&str] = &[
    "张某军",
    "刘某平",
    "王某明",
    "李某华",
    "陈某林",
    "赵某平",
    "孙某红",
    "周某芳",
    "吴某东",
    "郑某华",
];

const ROLES: &[&str] = &[
    "院长",
    "党委书记",
    "副院长",
    "党支部书记",
    "主任",
    "党委副书记",
];

const MENU: &[&str] = &[
    "医院概况",
    "新闻中心",
    "科室导航",
    "专家介绍",
    "就诊指南",
    "党建工作",
    "护理园地",
    "科研教学",
    "招聘信息",
    "院务公开",
    "健康科普",
    "联系我们",
];

const GOV_MENU: &[&str] = &[
    "机构职能",
    "政务公开",
    "工作动态",
    "政策法规",
    "办事服务",
    "互动交流",
    "卫生健康统计",
    "专题专栏",
];

const DEPARTMENTS: &[&str] = &[
    "党委办公室",
    "宣传科",
    "院办",
    "医务部",
    "护理部",
    "市卫生健康委",
    "办公室",
];

/// A headline naming hospitals, people and titles, so that leaked furniture yields facts.
fn headline(rng: &mut XorShift) -> String {
    let h = rng.pick(HOSPITALS);
    let h2 = rng.pick(HOSPITALS);
    let p = rng.pick(PEOPLE);
    let r = rng.pick(ROLES);
    match rng.below(7) {
        0 => format!("{h}{r}{p}带队开展义诊"),
        1 => format!("{h}党支部获评“先进基层党组织”称号"),
        2 => format!("{h}与{h2}签订对口帮扶协议"),
        3 => format!("{h}{r}{p}调研医联体建设工作"),
        4 => format!("{h}召开党风廉政建设工作会议"),
        5 => format!("{h}获评“群众满意医院”称号"),
        _ => format!("{p}任{h}{r}"),
    }
}

fn headlines(rng: &mut XorShift, n: usize) -> Vec<String> {
    (0..n).map(|_| headline(rng)).collect()
}

fn head(title: &str, site: &str, extra: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}_{site}</title>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{extra}\
         <link rel=\"stylesheet\" href=\"/css/main.css\">\n<script>var _hmt = _hmt || [];</script>\n</head>\n"
    )
}

fn hospital_cms(a: &Article, rng: &mut XorShift) -> String {
    let site = rng.pick(HOSPITALS);
    let mut s = head(a.title, site, "");
    let nav = rng.sample(MENU, 7);
    let left = rng.sample(
        &[
            "医院动态",
            "媒体报道",
            "通知公告",
            "健康科普",
            "党建动态",
            "院务公开",
        ],
        5,
    );
    let _ = write!(
        s,
        "<body>\n<div class=\"top\"><div class=\"logo\"><a href=\"/\"><img src=\"/images/logo.png\" alt=\"{site}\"></a></div>\
         <div class=\"tel\">预约电话：0731-{:07}</div></div>\n<div class=\"nav\"><ul><li><a href=\"/\">网站首页</a></li>",
        rng.below(9_999_999)
    );
    for item in &nav {
        let _ = write!(s, "<li><a href=\"/{}/\">{item}</a></li>", item.len());
    }
    s.push_str("</ul></div>\n<div class=\"main\">\n<div class=\"left\"><div class=\"left-title\">新闻中心</div><ul>");
    for item in &left {
        let _ = write!(s, "<li><a href=\"/news/{}/\">{item}</a></li>", item.len());
    }
    let _ = write!(
        s,
        "</ul><div class=\"contact\"><p>地址：{}人民路{}号</p><p>急诊电话：120</p></div></div>\n<div class=\"right\">\n\
         <div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/news/\">新闻中心</a> &gt; <a href=\"/news/yydt/\">{}</a></div>\n\
         <div class=\"article\">\n<h1>{}</h1>\n<div class=\"info\">发布时间：{}&nbsp;&nbsp;来源：{}&nbsp;&nbsp;浏览次数：<span>{}</span></div>\n<div class=\"content\" id=\"zoom\">\n",
        rng.pick(&["南岭市青山县", "南岭市东湖区", "白沙县"]),
        rng.below(200) + 1,
        left[0],
        a.title,
        a.date.shown(rng),
        rng.pick(DEPARTMENTS),
        rng.below(5000)
    );
    let indent = if rng.below(2) == 0 { "　　" } else { "" };
    for p in a.paragraphs {
        let _ = writeln!(s, "<p>{indent}{p}</p>");
    }
    let heads = headlines(rng, 7);
    let _ = write!(
        s,
        "</div>\n<div class=\"tools\">字号：<a href=\"#\">大</a> <a href=\"#\">中</a> <a href=\"#\">小</a>　<a href=\"javascript:window.print()\">打印本页</a>　<a href=\"javascript:window.close()\">关闭窗口</a></div>\n\
         <div class=\"share\">分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a> <a href=\"#\">QQ空间</a></div>\n\
         <div class=\"prenext\"><p>上一篇：<a href=\"/n/1.html\">{}</a></p><p>下一篇：<a href=\"/n/2.html\">{}</a></p></div>\n</div>\n\
         <div class=\"related\"><h3>{}</h3><ul>",
        heads[0],
        heads[1],
        rng.pick(&["相关新闻", "推荐阅读", "相关文章"])
    );
    for h in &heads[2..] {
        let _ = write!(
            s,
            "<li><a href=\"/n/{}.html\">{h}</a><span>{}-{:02}-{:02}</span></li>",
            rng.below(999),
            a.date.y,
            1 + rng.below(12),
            1 + rng.below(28)
        );
    }
    let _ = write!(
        s,
        "</ul></div>\n</div>\n</div>\n<div class=\"footer\"><p><a href=\"/about/\">关于我们</a> | <a href=\"/map/\">网站地图</a></p>\
         <p>版权所有：{site} Copyright {}</p><p>备案号：<a href=\"#\">南ICP备{:08}号</a></p></div>\n</body>\n</html>\n",
        a.date.y,
        rng.below(99_999_999)
    );
    s
}

fn government_trs(a: &Article, rng: &mut XorShift) -> String {
    let site = rng.pick(&[
        "南岭市卫生健康委员会",
        "青山县卫生健康局",
        "白沙县卫生健康局",
    ]);
    let mut s = head(a.title, site, "");
    s.push_str("<body>\n<div class=\"header\"><div class=\"banner\"><img src=\"../../images/banner.jpg\" alt=\"\"></div><div class=\"menu\"><a href=\"../../\">首页</a>");
    for item in rng.sample(GOV_MENU, 6) {
        let _ = write!(s, " <a href=\"../../{}/\">{item}</a>", item.len());
    }
    let _ = write!(
        s,
        "</div></div>\n<div class=\"container\">\n<div class=\"location\">您的位置：<a href=\"../../\">首页</a> &gt;&gt; <a href=\"../\">工作动态</a></div>\n\
         <div class=\"detail\">\n<div class=\"detail-title\">{}</div>\n<div class=\"detail-info\"><span>发布日期：{}</span> <span>来源：{}</span> \
         <span>字号：[<a href=\"#\">大</a> <a href=\"#\">中</a> <a href=\"#\">小</a>]</span> <span><a href=\"#\">打印本页</a></span> <span><a href=\"#\">关闭窗口</a></span></div>\n\
         <div class=\"detail-content\"><div class=\"TRS_Editor\">\n",
        a.title,
        a.date.shown(rng),
        rng.pick(DEPARTMENTS)
    );
    for p in a.paragraphs {
        let _ = writeln!(
            s,
            "<p style=\"text-indent: 2em;\">&nbsp;&nbsp;&nbsp;&nbsp;{p}</p>"
        );
    }
    s.push_str(
        "</div></div>\n<div class=\"related-links\"><div class=\"rl-title\">相关链接：</div><ul>",
    );
    let n = 3 + rng.below(4);
    for h in headlines(rng, n) {
        let _ = write!(
            s,
            "<li><a href=\"../../gzdt/{}.html\">{h}</a></li>",
            rng.below(9999)
        );
    }
    let _ = write!(
        s,
        "</ul></div>\n</div>\n</div>\n<div class=\"footer\"><p>主办单位：{site}　地址：南岭市解放路{}号</p><p>网站标识码：43000000{:02}　南ICP备{:08}号</p></div>\n</body>\n</html>\n",
        rng.below(99) + 1,
        rng.below(99),
        rng.below(99_999_999)
    );
    s
}

fn wechat(a: &Article, rng: &mut XorShift) -> String {
    let account = rng.pick(&["南岭妇幼", "青山县人民医院", "南岭市中医院", "健康南岭"]);
    let mut s = head(
        a.title,
        account,
        &format!("<meta property=\"og:title\" content=\"{}\">\n", a.title),
    );
    let _ = write!(
        s,
        "<body id=\"activity-detail\">\n<div class=\"rich_media\"><div class=\"rich_media_inner\"><div id=\"page-content\" class=\"rich_media_area_primary\">\n\
         <h1 class=\"rich_media_title\" id=\"activity-name\">\n  {}\n</h1>\n\
         <div id=\"meta_content\"><span class=\"rich_media_meta_text\">{}</span> <span id=\"profileBt\"><a href=\"javascript:void(0);\" id=\"js_name\">{account}</a></span> \
         <em id=\"publish_time\">{} {:02}:{:02}</em></div>\n<div class=\"rich_media_content\" id=\"js_content\">\n\
         <section style=\"text-align:center;\"><img data-src=\"https://mmbiz.example.cn/top.gif\" alt=\"\"></section>\n",
        a.title,
        rng.pick(&["原创", "转载", ""]),
        a.date.iso(),
        rng.below(24),
        rng.below(60)
    );
    for p in a.paragraphs {
        match rng.below(3) {
            0 => {
                let _ = writeln!(
                    s,
                    "<p><br></p>\n<section style=\"margin: 0 8px;\"><span style=\"font-size: 15px;\">{p}</span></section>"
                );
            }
            1 => {
                let _ = writeln!(
                    s,
                    "<section><section style=\"line-height:1.75em;\"><span style=\"font-size: 15px;\">{p}</span></section></section>"
                );
            }
            _ => {
                let _ = writeln!(s, "<p style=\"text-indent:2em;\"><span>{p}</span></p>");
            }
        }
    }
    let _ = write!(
        s,
        "<p><br></p>\n<section style=\"text-align:center;\"><img data-src=\"https://mmbiz.example.cn/qr.jpg\" alt=\"\"></section>\n\
         <section style=\"text-align:center;\"><span style=\"font-size: 12px;\">{}</span></section>\n</div>\n\
         <div class=\"rich_media_tool\"><div><a id=\"js_view_source\" href=\"##\">阅读原文</a></div><div>阅读 <span>{}</span></div>\
         <div class=\"tool_bar\"><button>分享</button><button>在看</button><button>赞</button></div></div>\n\
         </div></div>\n<div id=\"js_pc_qr_code\"><p>微信扫一扫<br>关注该公众号</p></div></div>\n\
         <script>var ct = \"{}\"; var nickname = \"{account}\";</script>\n</body>\n</html>\n",
        rng.pick(&[
            "长按识别二维码关注",
            "长按二维码关注我们",
            "扫码关注，获取更多健康资讯"
        ]),
        rng.below(100_000),
        1_700_000_000 + rng.below(1_000_000)
    );
    s
}

fn news_portal(a: &Article, rng: &mut XorShift) -> String {
    let site = rng.pick(&["南岭新闻网", "青山在线", "南岭健康网"]);
    let mut s = head(a.title, site, "");
    s.push_str("<body>\n<header class=\"site-header\"><nav><ul><li><a href=\"/\">首页</a></li>");
    for item in rng.sample(
        &[
            "时政", "健康", "教育", "民生", "财经", "文旅", "县区", "视频",
        ],
        6,
    ) {
        let _ = write!(s, "<li><a href=\"/{}/\">{item}</a></li>", item.len());
    }
    let _ = write!(
        s,
        "</ul></nav></header>\n<div class=\"wrap\">\n<main>\n<article>\n<h1>{}</h1>\n\
         <div class=\"meta\"><span class=\"src\">来源：{site}</span> <time datetime=\"{}T{:02}:{:02}:00+08:00\">{}</time> <span class=\"editor\">编辑：{}</span></div>\n",
        a.title,
        a.date.iso(),
        rng.below(24),
        rng.below(60),
        a.date.shown(rng),
        rng.pick(PEOPLE)
    );
    for p in a.paragraphs {
        let _ = writeln!(s, "<p>{p}</p>");
    }
    s.push_str("</article>\n<div class=\"comments\"><h3>网友评论</h3>");
    let _ = write!(s, "<p class=\"count\">已有{}条评论</p>", rng.below(50));
    for _ in 0..rng.below(3) {
        let _ = write!(
            s,
            "<div class=\"comment-item\"><span class=\"user\">网友{}</span><p>{}的医生很专业，{}服务热情，点赞！</p></div>",
            rng.below(9999),
            rng.pick(HOSPITALS),
            rng.pick(ROLES)
        );
    }
    s.push_str("<form><textarea placeholder=\"说两句吧\"></textarea><button>发表评论</button></form></div>\n</main>\n<aside class=\"sidebar\"><h3>热点排行</h3><ol>");
    for h in headlines(rng, 8) {
        let _ = write!(
            s,
            "<li><a href=\"/news/{}.html\">{h}</a></li>",
            rng.below(99_999)
        );
    }
    let _ = write!(
        s,
        "</ol></aside>\n</div>\n<footer><p>{site} 版权所有 Copyright {} 南ICP备{:08}号</p><p><a href=\"/about\">关于我们</a> | <a href=\"/ad\">广告服务</a></p></footer>\n</body>\n</html>\n",
        a.date.y,
        rng.below(99_999_999)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::html::read_html;

    /// Fictional sentences the generated articles are built from.
    const SENTENCES: &[&str] = &[
        "近日，青山县人民医院与南岭医科大学附属第二医院签订医联体合作协议。",
        "医院党委书记王某明、院长陈某林出席签约仪式并致辞。",
        "该院内科党支部获评“南岭市先进基层党组织”称号。",
        "根据协议，上级医院将每月派出专家到院坐诊、查房和带教，并开通双向转诊绿色通道。",
        "义诊活动受到群众欢迎。",
        "活动当天，专家团队共接诊群众300余人次，发放健康宣传资料500余份。",
        "南岭市妇幼保健院新生儿科成功入选省级临床重点专科建设项目。",
        "下一步，医院将持续深化对口帮扶，推动优质医疗资源下沉，不断提升县域医疗服务能力。",
        "会上，副院长李某华通报了2023年度医疗质量安全检查情况 & 整改要求<第一批>。",
        "党支部书记周某芳带领党员志愿者深入社区，为老年人开展免费健康体检。",
    ];

    fn article(seed: u64) -> Vec<String> {
        let mut rng = XorShift::new(seed.wrapping_add(7));
        let count = 1 + rng.below(12);
        (0..count)
            .map(|i| {
                // Seed 0 mod 10 gives the hard case: a one-sentence article.
                let n = if seed.is_multiple_of(10) {
                    1
                } else {
                    1 + rng.below(if i % 4 == 3 { 8 } else { 3 })
                };
                (0..n).map(|_| rng.pick(SENTENCES)).collect::<String>()
            })
            .take(if seed.is_multiple_of(10) { 1 } else { count })
            .collect()
    }

    use crate::ingest::html::tests::normalise_ws;

    #[test]
    fn every_family_gives_back_the_article() {
        let mut failures = Vec::new();
        let mut total = 0;
        for family in 0..FAMILIES {
            for seed in 0..200u64 {
                total += 1;
                let paragraphs = article(seed);
                let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
                let date = format!(
                    "20{:02}-{:02}-{:02}",
                    18 + seed % 7,
                    1 + seed % 12,
                    1 + seed % 28
                );
                let title = format!(
                    "{}召开第{}次医联体工作推进会",
                    HOSPITALS[(seed % 10) as usize],
                    seed + 1
                );
                let html = page(family, &title, &date, &refs, seed);
                let ok = match read_html(html.as_bytes()) {
                    Ok(p) => {
                        normalise_ws(&p.text) == normalise_ws(&refs.join("\n"))
                            && p.date.as_deref() == Some(date.as_str())
                            && p.title.as_deref() == Some(title.as_str())
                    }
                    Err(_) => false,
                };
                if !ok {
                    if std::env::var_os("SHOW_FAILURES").is_some() {
                        let got = read_html(html.as_bytes());
                        println!(
                            "--- family {family} seed {seed}\nwant {refs:?} {date} {title}\ngot {got:?}"
                        );
                    }
                    failures.push((family, seed));
                }
            }
        }
        let rate = 100.0 * (total - failures.len()) as f64 / total as f64;
        println!(
            "template pass rate: {rate:.2}% ({} of {total} failed: {failures:?})",
            failures.len()
        );
        assert!(rate >= 99.0, "pass rate {rate:.2}% below 99%: {failures:?}");
    }

    #[test]
    fn furniture_varies_with_the_seed() {
        let a = page(0, "标题", "2024-01-02", &["正文。"], 1);
        let b = page(0, "标题", "2024-01-02", &["正文。"], 2);
        assert_ne!(a, b);
    }

    #[test]
    fn inputs_are_escaped() {
        let html = page(3, "A&B<C>", "2024-01-02", &["x < y & z"], 5);
        assert!(html.contains("A&amp;B&lt;C&gt;"));
        assert!(html.contains("x &lt; y &amp; z"));
    }

    /// Throughput of `read_html` on generated pages; run with
    /// `cargo test --release -- --ignored --nocapture read_html_throughput`.
    #[test]
    #[ignore = "timing, not a check"]
    fn read_html_throughput() {
        let pages: Vec<String> = (0..2000u64)
            .map(|seed| {
                let paragraphs = article(seed);
                let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
                page(
                    (seed % 4) as usize,
                    "青山县人民医院召开医联体工作推进会",
                    "2024-03-18",
                    &refs,
                    seed,
                )
            })
            .collect();
        let bytes: usize = pages.iter().map(String::len).sum();
        let start = std::time::Instant::now();
        let mut chars = 0;
        for p in &pages {
            chars += read_html(p.as_bytes()).map(|p| p.text.len()).unwrap_or(0);
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "read_html: {} pages, {:.1} MB in {secs:.2} s = {:.1} MB/s ({chars} text bytes)",
            pages.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
    }
}
