//! Table-driven extractor tests on sentences written for them (fictional people and
//! hospitals). Each case lists facts that must appear, and facts that must not.

use crate::extract::extract;
use crate::ingest::{Document, Encoding, Source};
use crate::rules::Rules;

fn facts(text: &str) -> Vec<String> {
    let rules = Rules::builtin().expect("rules");
    let doc =
        Document::from_bytes("t", Source::Stdin, text.as_bytes(), Encoding::Auto).expect("doc");
    extract(&doc, &rules)
        .facts
        .iter()
        .map(|f| format!("{}\t{}", f.relation, f.args.join("\t")))
        .collect()
}

fn check(text: &str, present: &[&str], absent: &[&str]) {
    let got = facts(text);
    for p in present {
        assert!(
            got.iter().any(|g| g == p),
            "missing {p:?} in\n{}\nfrom {text}",
            got.join("\n")
        );
    }
    for a in absent {
        assert!(
            !got.iter().any(|g| g == a),
            "spurious {a:?} in\n{}\nfrom {text}",
            got.join("\n")
        );
    }
}

#[test]
fn title_stack_splits_into_roles_at_the_named_hospital() {
    check(
        "“我们要守住底线。”赣州市人民医院党委副书记、院长蔡文斌说。",
        &[
            "person\t蔡文斌",
            "role\t蔡文斌\t党委副书记\t赣州市人民医院",
            "role\t蔡文斌\t院长\t赣州市人民医院",
            "hospital\t赣州市人民医院",
            "located\t赣州市人民医院\t赣州市",
        ],
        &["person\t蔡文斌说"],
    );
}

#[test]
fn department_prefixes_and_former_roles() {
    check(
        "赣州市人民医院举行活动。医院党委委员、纪委书记兼骨科主任医师严立新，骨科主任、副主任医师潘红及主治医师闵卫东查房。内科第三党支部书记、原呼吸科主任曹雪梅介绍了经验。",
        &[
            "role\t严立新\t纪委书记\t赣州市人民医院",
            "role\t严立新\t骨科主任医师\t赣州市人民医院",
            "role\t潘红\t骨科主任\t赣州市人民医院",
            "role\t闵卫东\t主治医师\t赣州市人民医院",
            "role\t曹雪梅\t内科第三党支部书记\t赣州市人民医院",
            "former_role\t曹雪梅\t呼吸科主任\t赣州市人民医院",
            "branch\t内科第三党支部\t赣州市人民医院",
        ],
        &["person\t闵卫东查"],
    );
}

#[test]
fn words_after_titles_are_not_names() {
    check(
        "赣州市人民医院实行党委领导下的院长负责制，举办“书记成长学校”，主任医师团队开展义诊，院长表示满意。",
        &[],
        &["person\t成长学", "person\t负责制", "institution\t书记成长学校\tschool"],
    );
}

#[test]
fn anonymised_names_are_excluded() {
    check(
        "赣州市人民医院主治医师刘某为患者李某手术。",
        &[],
        &["person\t刘某", "person\t李某"],
    );
}

#[test]
fn short_forms_complete_from_the_document() {
    check(
        "抚州市妇幼保健院召开大会。会上，市妇幼保健院与市总工会签订协议。",
        &[
            "hospital\t抚州市妇幼保健院",
            "alias\t抚州市妇幼保健院\t市妇幼保健院",
            "institution\t抚州市总工会\tother",
            "partner\t抚州市妇幼保健院\t抚州市总工会",
        ],
        &["hospital\t市妇幼保健院"],
    );
}

#[test]
fn bracket_aliases_and_list_inheritance() {
    check(
        "吉安市妇女儿童医院（吉安市妇幼保健院）联合泰和县卫生健康局、妇幼保健院开展义诊。",
        &[
            "alias\t吉安市妇女儿童医院\t吉安市妇幼保健院",
            "hospital\t泰和县妇幼保健院",
            "partner\t吉安市妇女儿童医院\t泰和县妇幼保健院",
            "partner\t吉安市妇女儿童医院\t泰和县卫生健康局",
            "institution\t泰和县卫生健康局\tgovernment",
        ],
        &["hospital\t妇幼保健院"],
    );
}

#[test]
fn quoted_honour_runs_go_to_the_clause_subject() {
    check(
        "瑞金市人民医院召开会议。医院先后获得“全国卫生系统先进集体”“江西省文明单位”、市级“青年文明号”等荣誉称号。",
        &[
            "award\t瑞金市人民医院\t全国卫生系统先进集体",
            "award\t瑞金市人民医院\t江西省文明单位",
            "award\t瑞金市人民医院\t市级青年文明号",
        ],
        &[],
    );
}

#[test]
fn a_branch_honour_belongs_to_the_branch() {
    check(
        "瑞金市人民医院召开会议。今年，该院药剂科党支部被瑞金市委组织部评为“先进基层党组织”。",
        &[
            "branch\t药剂科党支部\t瑞金市人民医院",
            "award\t药剂科党支部\t先进基层党组织",
            "institution\t瑞金市委组织部\tparty",
        ],
        &["award\t瑞金市人民医院\t先进基层党组织"],
    );
}

#[test]
fn one_sided_mentions_are_not_partners() {
    check(
        "瑞金市人民医院召开会议。医院主动对标南昌市第一医院，学习借鉴管理经验。",
        &["hospital\t南昌市第一医院"],
        &["partner\t瑞金市人民医院\t南昌市第一医院"],
    );
}

#[test]
fn grades_but_not_aspirations() {
    check(
        "瑞金市人民医院是三级甲等综合医院。",
        &["level\t瑞金市人民医院\t三级甲等"],
        &[],
    );
    check(
        "瑞金市妇幼保健院正在开展“三甲”创建工作。",
        &[],
        &["level\t瑞金市妇幼保健院\t三级甲等"],
    );
}

#[test]
fn bylines_and_signatures() {
    check(
        "赣南日报社全媒体记者 龚晓梅\n通讯员 温志强\n\n赣州市人民医院开展义诊。\n\n钟晓丽",
        &[
            "person\t龚晓梅",
            "person\t温志强",
            "person\t钟晓丽",
            "role\t龚晓梅\t全媒体记者\t赣南日报社",
            "institution\t赣南日报社\tmedia",
        ],
        &[],
    );
}

#[test]
fn listed_experts_are_affiliated_with_their_hospital() {
    check(
        "江西省儿童医院的邹文华、欧阳敏、聂长青3位专家到赣州市人民医院坐诊。",
        &[
            "affiliation\t邹文华\t江西省儿童医院",
            "affiliation\t欧阳敏\t江西省儿童医院",
            "affiliation\t聂长青\t江西省儿童医院",
        ],
        &[],
    );
}

#[test]
fn township_hospitals_are_placed_at_the_township() {
    check(
        "瑞金市人民医院专家来到沙洲坝镇卫生院，开展义诊活动。",
        &[
            "hospital\t沙洲坝镇卫生院",
            "located\t沙洲坝镇卫生院\t沙洲坝镇",
        ],
        &[],
    );
}
