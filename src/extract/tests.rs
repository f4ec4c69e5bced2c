//! Table-driven extractor tests on sentences written for them (fictional people and
//! hospitals). Each case lists facts that must appear, and facts that must not.

use crate::extract::extract;
use crate::ingest::{Document, Encoding, Source};
use crate::rules::Rules;

fn facts(text: &str) -> Vec<String> {
    facts_with(text, &Rules::builtin().expect("rules"))
}

fn facts_with(text: &str, rules: &Rules) -> Vec<String> {
    let doc =
        Document::from_bytes("t", Source::Stdin, text.as_bytes(), Encoding::Auto).expect("doc");
    extract(&doc, rules)
        .facts
        .iter()
        .map(|f| format!("{}\t{}", f.relation, f.args.join("\t")))
        .collect()
}

/// The facts of `text` from the rules alone (`--no-tagger`), then with the learned tagger.
fn facts_without_and_with_tagger(text: &str) -> (Vec<String>, Vec<String>) {
    let mut rules = Rules::builtin().expect("rules");
    let tagged = facts_with(text, &rules);
    rules.tagger = None;
    (facts_with(text, &rules), tagged)
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
        "瑞金市人民医院召开会议。医院先后获得“全国卫生健康系统先进集体”“江西省文明单位”、市级“青年文明号”等荣誉称号。",
        &[
            "award\t瑞金市人民医院\t全国卫生健康系统先进集体",
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

#[test]
fn a_city_missing_from_the_gazetteer_keeps_its_name() {
    // 松岭市 is not a real city: the name keeps it, and the hospital is placed there.
    check(
        "松岭市中心医院与省人民医院签约。松岭市中心医院院长方立群出席。",
        &[
            "hospital\t松岭市中心医院",
            "located\t松岭市中心医院\t松岭市",
            "role\t方立群\t院长\t松岭市中心医院",
        ],
        &["hospital\t市中心医院"],
    );
}

#[test]
fn ordinary_words_ending_in_a_level_word_open_no_place() {
    // 城市 and 示范区 are words, not places; after a longer verb (提升) the noun before 县医院
    // is that verb's object, not a county.
    check(
        "沙河市人民医院牵头组建城市医疗集团，并获评十大示范区妇幼保健院。全面提升工作县医院名单公布。",
        &["hospital\t沙河市人民医院"],
        &[
            "hospital\t沙河市医疗集团",
            "hospital\t工作县医院",
            "located\t工作县医院\t工作县",
            "located\t城市医疗集团\t城市",
        ],
    );
}

#[test]
fn a_tcm_hospital_is_not_short_for_a_central_hospital() {
    check(
        "沙河市中心医院召开会议。市中医院也派员参加。",
        &["hospital\t沙河市中心医院", "hospital\t沙河市中医院"],
        &["alias\t沙河市中心医院\t市中医院"],
    );
}

#[test]
fn a_town_that_shares_a_places_short_name_is_the_town() {
    // 白山 is also the short name of 白山市; 白山镇卫生院 is in the town.
    check(
        "临江县人民医院对口帮扶白山镇卫生院，每周派专家坐诊。",
        &["located\t白山镇卫生院\t白山镇"],
        &["located\t白山镇卫生院\t白山市"],
    );
}

// Regression fixtures for the error classes found on the synthetic benchmark corpus
// (`hkg bench-corpus`).

#[test]
fn a_name_may_end_in_rong_before_a_verb() {
    check(
        "青州市中医院副院长邹荣兰表示，将继续深化改革。该院骨科主任梁荣荣获“青州市优秀医师”称号。",
        &[
            "person\t邹荣兰",
            "role\t邹荣兰\t副院长\t青州市中医院",
            "person\t梁荣",
            "award\t梁荣\t青州市优秀医师",
        ],
        &["person\t梁荣荣"],
    );
}

#[test]
fn joined_specialties_keep_their_yu() {
    check(
        "该院呼吸与危重症医学科党支部书记、呼吸与危重症医学科主任陈思航介绍，支部常年开展义诊。青州市中医院院长助理林悦表示，医院将继续努力。",
        &[
            "role\t陈思航\t呼吸与危重症医学科党支部书记\t青州市中医院",
            "role\t陈思航\t呼吸与危重症医学科主任\t青州市中医院",
            "branch\t呼吸与危重症医学科党支部\t青州市中医院",
            "role\t林悦\t院长助理\t青州市中医院",
        ],
        &["branch\t危重症医学科党支部\t青州市中医院"],
    );
}

#[test]
fn region_is_not_a_district() {
    // 松山区 is a district, but 松山区域 reads 松山 + 区域 (region).
    check(
        "松山区中医院与辽北医科大学共建区域医学影像研究中心。",
        &["partner\t松山区中医院\t辽北医科大学"],
        &["institution\t区域医学影像研究中心\tother"],
    );
}

// Regression fixtures for the error classes found on the unseen set (corpus/unseen).

#[test]
fn university_hospitals_keep_the_university_in_their_name() {
    check(
        "近年来，该院与江南大学康和医院建立远程会诊协作关系，并与北山大学医学院附属第三医院、东岭交通大学第一附属医院开展合作。",
        &[
            "hospital\t江南大学康和医院",
            "hospital\t北山大学医学院附属第三医院",
            "hospital\t东岭交通大学第一附属医院",
        ],
        &["institution\t江南大学\tuniversity", "hospital\t康和医院"],
    );
}

#[test]
fn subdistrict_health_centres_are_placed_at_the_subdistrict() {
    check(
        "沛县妇幼保健院联合城东街道社区卫生服务中心开展筛查。",
        &[
            "hospital\t城东街道社区卫生服务中心",
            "located\t城东街道社区卫生服务中心\t城东街道",
            "partner\t沛县妇幼保健院\t城东街道社区卫生服务中心",
        ],
        &[],
    );
}

#[test]
fn placeless_hospital_names_need_the_document_to_back_them() {
    check(
        "南平医科大学附属儿童医院与黔江区中心医院共建医联体。南医附属儿童医院专家每月到黔江义诊。各单位要加强与仁济医院等高水平医院的合作。该院是三级甲等中医医院。",
        &[
            "alias\t南平医科大学附属儿童医院\t南医附属儿童医院",
            "hospital\t仁济医院",
        ],
        &[
            "hospital\t中医医院",
            "partner\t黔江区中心医院\t仁济医院",
            "partner\t南平医科大学附属儿童医院\t仁济医院",
        ],
    );
}

#[test]
fn a_bare_city_is_the_county_level_city_the_article_is_about() {
    check(
        "瑞金市人民医院召开会议。瑞金市中医院、瑞金市妇幼保健院参加。会议由市卫健委主持。",
        &["institution\t瑞金市卫健委\tgovernment"],
        &["institution\t赣州市卫健委\tgovernment"],
    );
}

#[test]
fn notices_list_honourees_under_the_honour() {
    check(
        "关于拟表彰先进基层党组织和优秀共产党员的公示\n\n一、先进基层党组织（2个）\n\n瑞金市人民医院外科第二党支部\n瑞金市中医院机关党支部\n\n二、优秀共产党员（2名）\n\n赖小明 瑞金市人民医院骨科主任\n钟丽（女） 叶坪乡卫生院院长\n\n公示期为5天。\n",
        &[
            "branch\t机关党支部\t瑞金市中医院",
            "award\t外科第二党支部\t先进基层党组织",
            "award\t机关党支部\t先进基层党组织",
            "person\t赖小明",
            "role\t赖小明\t骨科主任\t瑞金市人民医院",
            "award\t赖小明\t优秀共产党员",
            "role\t钟丽\t院长\t叶坪乡卫生院",
            "award\t钟丽\t优秀共产党员",
        ],
        &[],
    );
}

#[test]
fn posts_held_through_a_verb_and_posts_taken_away() {
    check(
        "隆回县人民医院召开大会，宣布决定：周立华任隆回县人民医院党委书记，免去其隆回县中医医院院长职务；原党委书记戴明到龄退休。吴芳是该院神经外科主任、副主任医师。",
        &[
            "role\t周立华\t党委书记\t隆回县人民医院",
            "former_role\t周立华\t院长\t隆回县中医医院",
            "former_role\t戴明\t党委书记\t隆回县人民医院",
            "role\t吴芳\t神经外科主任\t隆回县人民医院",
            "role\t吴芳\t副主任医师\t隆回县人民医院",
        ],
        &["role\t吴芳\t外科主任\t隆回县人民医院"],
    );
}

#[test]
fn a_name_is_not_run_into_the_verb_after_it() {
    check(
        "会泽县第一人民医院急诊科团支部书记赵琳代表获奖集体发言。护理部主任韩雪正带领护士查房。“我们很自豪。”韩雪说。",
        &["person\t赵琳", "person\t韩雪"],
        &["person\t赵琳代", "person\t韩雪正"],
    );
}

#[test]
fn honours_go_to_the_recipient_named_around_the_trigger() {
    check(
        "会泽县第一人民医院开展活动。党委副书记刘晓梅为被共青团会泽县委授予“五四红旗团支部”称号的急诊科团支部授旗，并为获评“优秀共青团员”的护士李欣怡、医生马俊杰颁发证书。同时，该院急诊医学中心主任王海燕被授予“浙江省优秀医师”称号。骨科主任马国庆已从医多年。今年52岁的马国庆是该院骨科学科带头人。从医28年来，他先后获得“榆林市优秀医师”“陕西省最美基层医生”等荣誉称号。",
        &[
            "award\t急诊科团支部\t五四红旗团支部",
            "award\t李欣怡\t优秀共青团员",
            "award\t马俊杰\t优秀共青团员",
            "affiliation\t李欣怡\t会泽县第一人民医院",
            "award\t王海燕\t浙江省优秀医师",
            "award\t马国庆\t榆林市优秀医师",
            "award\t马国庆\t陕西省最美基层医生",
            "role\t马国庆\t骨科学科带头人\t会泽县第一人民医院",
        ],
        &[
            "award\t会泽县第一人民医院\t浙江省优秀医师",
            "award\t会泽县第一人民医院\t五四红旗团支部",
        ],
    );
}

#[test]
fn an_honour_that_reads_like_a_name_is_still_an_honour() {
    check(
        "临海市第一人民医院荣获“浙江省平安医院”“浙江省健康促进医院”、浙江省改善医疗服务示范医院等荣誉称号。延吉市医院成为首批成员单位。营山县人民医院成为该县首家三级医院。",
        &[
            "award\t临海市第一人民医院\t浙江省平安医院",
            "award\t临海市第一人民医院\t浙江省改善医疗服务示范医院",
        ],
        &[
            "hospital\t浙江省改善医疗服务示范医院",
            "award\t延吉市医院\t首批成员单位",
            "award\t营山县人民医院\t三级医院",
        ],
    );
}

#[test]
fn directed_work_and_alliances_are_not_partners() {
    check(
        "湄潭县人民医院按照县卫生健康局统一部署，对口帮扶兴隆镇卫生院。延边朝鲜族自治州妇幼保健院牵头成立的延边州妇幼健康专科联盟召开大会，延吉市医院成为成员单位。",
        &[
            "partner\t湄潭县人民医院\t兴隆镇卫生院",
            "partner\t延边朝鲜族自治州妇幼保健院\t延吉市医院",
        ],
        &[
            "partner\t湄潭县人民医院\t湄潭县卫生健康局",
            "partner\t兴隆镇卫生院\t湄潭县卫生健康局",
            "partner\t延边朝鲜族自治州妇幼保健院\t延边州妇幼健康专科联盟",
        ],
    );
}

#[test]
fn passing_a_grade_review_is_a_grade() {
    check(
        "营山县人民医院顺利通过三级乙等综合医院评审。",
        &["level\t营山县人民医院\t三级乙等"],
        &[],
    );
}

#[test]
fn a_hospitals_own_league_committee_and_general_branch() {
    check(
        "会泽县第一人民医院团委组织活动。医院党委下设行政党支部等9个党支部。歙县中医医院党总支书记、院长吴光明致辞。",
        &[
            "branch\t会泽县第一人民医院团委\t会泽县第一人民医院",
            "branch\t行政党支部\t会泽县第一人民医院",
            "branch\t歙县中医医院党总支\t歙县中医医院",
            "role\t吴光明\t党总支书记\t歙县中医医院",
        ],
        &["branch\t党委下设行政党支部\t会泽县第一人民医院"],
    );
}

#[test]
fn an_honour_written_shorter_in_the_headline_is_one_fact() {
    check(
        "洛阳市儿童医院获评省级临床重点专科\n本报讯 近日，洛阳市儿童医院新生儿科获评河南省省级临床重点专科。\n",
        &["award\t洛阳市儿童医院\t河南省省级临床重点专科"],
        &["award\t洛阳市儿童医院\t省级临床重点专科"],
    );
}

#[test]
fn names_marked_by_what_follows_them() {
    check(
        "会上宣布了决定：罗景舟同志任桐溪县人民医院院长。桐溪县人民医院召开大会，郑海波院长主持会议，\
         会议表彰了邝晓雯等12名优秀护士。",
        &[
            "person\t罗景舟",
            "person\t郑海波",
            "role\t郑海波\t院长\t桐溪县人民医院",
            "person\t邝晓雯",
        ],
        &["person\t决定", "person\t会议"],
    );
}

#[test]
fn a_post_after_a_name_belongs_to_the_organisation_before_it() {
    check(
        "桐溪县人民医院与云岭市中心医院签约。云岭市中心医院聂光辉院长出席。",
        &["role\t聂光辉\t院长\t云岭市中心医院"],
        &["role\t聂光辉\t院长\t桐溪县人民医院"],
    );
}

#[test]
fn bare_lists_of_names_and_bracketed_signatures() {
    check(
        "桐溪县人民医院表彰先进。获奖的有：蓝思远、贺佳宁、汤文博、俞若兰。\
         另有范德明、祁秋月两位同志获评优秀党员。产科、妇科、儿科参加活动。\n（郜文静 宁晓川）\n",
        &[
            "person\t蓝思远",
            "person\t贺佳宁",
            "person\t汤文博",
            "person\t俞若兰",
            "person\t范德明",
            "person\t祁秋月",
            "person\t郜文静",
            "person\t宁晓川",
        ],
        &["person\t产科", "person\t妇科"],
    );
}

#[test]
fn byline_heads_take_a_colon() {
    check(
        "桐溪县人民医院开展义诊活动。\n作者：柯雨桐 骆新宇 发布时间：2024-03-02\n",
        &["person\t柯雨桐", "person\t骆新宇"],
        &[],
    );
}

#[test]
fn a_hospitals_party_committee_names_the_hospital() {
    check(
        "中共云岭市第二人民医院委员会\n云岭市第二人民医院党委书记严卫东主持会议。",
        &[
            "hospital\t云岭市第二人民医院",
            "role\t严卫东\t党委书记\t云岭市第二人民医院",
        ],
        &["hospital\t中共云岭市第二人民医院"],
    );
}

#[test]
fn government_posts_before_a_name() {
    check(
        "桐溪县卫计局副局长商建国、桐溪县人大常委会副主任丰立新到桐溪县人民医院调研。",
        &[
            "role\t商建国\t副局长\t桐溪县卫计局",
            "role\t丰立新\t副主任\t桐溪县人大常委会",
        ],
        &[],
    );
}

#[test]
fn a_bare_province_is_the_only_province_the_text_names() {
    check(
        "省儿童医院召开党建工作会。会议要求助力健康甘肃建设，为甘肃卫生健康事业贡献力量。",
        &["hospital\t甘肃省儿童医院"],
        &["hospital\t省儿童医院"],
    );
    // Two provinces named: a bare 省 stays as it is written.
    check(
        "省儿童医院专家赴青海、甘肃两地义诊，服务甘肃和青海群众。",
        &[],
        &["hospital\t甘肃省儿童医院", "hospital\t青海省儿童医院"],
    );
}

#[test]
fn a_one_character_fragment_is_no_department() {
    check(
        "云岭市中心医院院办主任贺明远、该院区党总支书记滕学军出席。",
        &[
            "role\t贺明远\t院办主任\t云岭市中心医院",
            "role\t滕学军\t党总支书记\t云岭市中心医院",
        ],
        &[
            "role\t贺明远\t办主任\t云岭市中心医院",
            "role\t滕学军\t区党总支书记\t云岭市中心医院",
        ],
    );
}

#[test]
fn a_list_item_without_an_organisation_shares_the_one_before() {
    check(
        "青山县人民医院召开干部大会。青山县卫健委主任李明华、副主任赵国强，人事股股长孙丽出席。我院党委书记周海主持。会议由李明华主任主持。",
        &[
            "role\t李明华\t主任\t青山县卫健委",
            "role\t赵国强\t副主任\t青山县卫健委",
            "role\t孙丽\t人事股股长\t青山县卫健委",
            "role\t周海\t党委书记\t青山县人民医院",
        ],
        &[
            "role\t李明华\t主任\t青山县人民医院",
            "role\t赵国强\t副主任\t青山县人民医院",
        ],
    );
}

#[test]
fn honours_go_to_every_named_recipient() {
    check(
        "年终总结会上，青山县人民医院被表彰为“全县卫生系统先进单位”，护理部主任刘明远同志被表彰为“全市优秀护理管理者”；孙建华、王丽萍、赵国庆三位同志被表彰为“全县优秀医务工作者”。\n\n去年，青山县人民医院被县卫健委评为“先进单位”，周海涛、李红梅、陈立新获得“科技创新奖”称号。医院荣获“群众满意医院”和“平安医院”两项殊荣。\n\n荣誉墙\n“从医三十年”纪念章获得者\n何文清、马国梁、宋 丽、钱学勤、\n",
        &[
            "award\t刘明远\t全市优秀护理管理者",
            "award\t孙建华\t全县优秀医务工作者",
            "award\t王丽萍\t全县优秀医务工作者",
            "award\t赵国庆\t全县优秀医务工作者",
            "award\t周海涛\t科技创新奖",
            "award\t李红梅\t科技创新奖",
            "award\t青山县人民医院\t先进单位",
            "award\t青山县人民医院\t全县卫生系统先进单位",
            "award\t青山县人民医院\t群众满意医院",
            "award\t青山县人民医院\t平安医院",
            "person\t宋丽",
            "award\t宋丽\t从医三十年纪念章",
            "award\t何文清\t从医三十年纪念章",
        ],
        &["award\t青山县人民医院\t群众满意医院和平安医院两项殊荣"],
    );
}

#[test]
fn posts_given_to_a_list_of_names_through_a_verb() {
    check(
        "赣州市人民医院召开干部大会。会议宣读了任免决定：孙立强同志任赣州市人民医院党委书记；周杰明同志、陈晓东同志分别任赣州市人民医院副院长。决定聘任刘海、何军两位同志为赣州市人民医院院长助理。",
        &[
            "role\t孙立强\t党委书记\t赣州市人民医院",
            "role\t周杰明\t副院长\t赣州市人民医院",
            "role\t陈晓东\t副院长\t赣州市人民医院",
            "role\t刘海\t院长助理\t赣州市人民医院",
            "role\t何军\t院长助理\t赣州市人民医院",
        ],
        &[],
    );
}

#[test]
fn a_campus_in_another_place_and_a_universitys_college_keep_the_parent_name() {
    check(
        "赣江科技大学赣南医学院附属协和医院召开干部大会。海东大学附属儿科医院江西医院党委书记李平出席。",
        &[
            "hospital\t赣江科技大学赣南医学院附属协和医院",
            "hospital\t海东大学附属儿科医院江西医院",
            "role\t李平\t党委书记\t海东大学附属儿科医院江西医院",
        ],
        &[
            "hospital\t赣南医学院附属协和医院",
            "hospital\t江西医院",
        ],
    );
}

#[test]
fn authorities_are_partners_by_agreement_or_joint_work_only() {
    check(
        "赣州市人民医院获全国先进集体。江西省人力资源和社会保障厅、江西省卫健委联合发布表彰决定，授予赣州市人民医院“全国卫生健康系统先进集体”称号。医院联合章贡区教育局、赣州市妇联开展健康讲座。赣州市人民医院与南康区人民医院签署合作协议，赣州市卫生健康委医政科科长、一级调研员钟立华出席。",
        &[
            "partner\t赣州市人民医院\t章贡区教育局",
            "partner\t赣州市人民医院\t南康区人民医院",
        ],
        &[
            "partner\t赣州市人民医院\t江西省卫健委",
            "partner\t赣州市人民医院\t赣州市卫生健康委",
        ],
    );
}

#[test]
fn names_before_read_out_and_a_list_closed_by_ren() {
    check(
        "赣州市人民医院召开干部大会。大会上，副院长张平宣读了表彰名单。王海波、刘晓燕、陈建国任该院副院长。",
        &[
            "person\t张平",
            "role\t张平\t副院长\t赣州市人民医院",
            "role\t刘晓燕\t副院长\t赣州市人民医院",
            "role\t陈建国\t副院长\t赣州市人民医院",
        ],
        &["person\t张平宣"],
    );
}

#[test]
fn a_name_then_its_organisation_and_posts_in_a_run_of_entries() {
    check(
        "受表彰的优秀个人名单如下：王海波 赣州市人民医院院长、主任医师，刘晓燕 赣州市疾病预防控制中心副主任。",
        &[
            "role\t王海波\t院长\t赣州市人民医院",
            "role\t王海波\t主任医师\t赣州市人民医院",
            "role\t刘晓燕\t副主任\t赣州市疾病预防控制中心",
        ],
        &[],
    );
}

#[test]
fn a_traditional_page_gives_its_facts_in_traditional_characters() {
    let traditional = "青山縣人民醫院召開黨建工作會議。醫院黨委書(shū)記王明華主持會議，黨委副書(shū)記、院長(zhǎng)李國強作報告，標志著青山街道衛生院成爲分院。";
    check(
        traditional,
        &[
            "hospital\t青山縣人民醫院",
            "person\t王明華",
            "role\t王明華\t黨委書記\t青山縣人民醫院",
            "role\t李國強\t黨委副書記\t青山縣人民醫院",
            "role\t李國強\t院長\t青山縣人民醫院",
            "hospital\t青山街道衛生院",
        ],
        &[
            "role\t王明華\t党委书记\t青山县人民医院",
            "hospital\t志著青山街道衛生院",
        ],
    );
    let simplified = "青山县人民医院召开党建工作会议。医院党委书记王明华主持会议，党委副书记、院长李国强作报告，标志着青山街道卫生院成为分院。";
    check(
        simplified,
        &[
            "hospital\t青山县人民医院",
            "person\t王明华",
            "role\t王明华\t党委书记\t青山县人民医院",
            "role\t李国强\t党委副书记\t青山县人民医院",
            "role\t李国强\t院长\t青山县人民医院",
            "hospital\t青山街道卫生院",
        ],
        &["role\t王明華\t黨委書記\t青山縣人民醫院"],
    );
}

#[test]
fn names_not_printed_verbatim_take_each_characters_usual_form() {
    let published = "黨委書記于明說，會議於上午於會場舉行。";
    let folded = "党委书记于明说，会议于上午于会场举行。";
    let script = super::Script::new(published, folded);
    // Printed on the page: the page's own characters, 于 of the name included.
    assert_eq!(script.published("书记于明"), "書記于明");
    // Composed: each folded character as the page writes it most often.
    assert_eq!(script.published("于会议"), "於會議");
    assert_eq!(script.published("党委会"), "黨委會");
    assert_eq!(script.published("青山"), "青山");
}

#[test]
fn joint_branches_and_league_branches_of_a_hospital() {
    check(
        "赣州市人民医院医院感染控制科药学部联合党支部组织了义诊，宣传科党支部、门诊部药剂科联合党支部参加。市人民医院团支部组织青年志愿者，赣州市卫健委团委参加。他逐一询问科室党支部工作。",
        &[
            "branch\t医院感染控制科药学部联合党支部\t赣州市人民医院",
            "branch\t门诊部药剂科联合党支部\t赣州市人民医院",
            "branch\t赣州市人民医院团支部\t赣州市人民医院",
        ],
        &[
            "branch\t赣州市卫健委团委\t赣州市卫健委",
            "branch\t逐一询问科室党支部\t赣州市人民医院",
        ],
    );
}

#[test]
fn words_that_end_in_a_surname_start_no_name() {
    check(
        "赣州市人民医院召开大会。王朗同志任赣州市人民医院院长。相关部门负责同志参加，章贡区委区政府到会。南康区人民医院院长濮红共同出席揭牌仪式。",
        &["person\t王朗", "person\t濮红", "role\t濮红\t院长\t南康区人民医院"],
        &["person\t任赣州", "person\t门负责", "person\t区政府", "person\t濮红共"],
    );
}

#[test]
fn yuan_after_a_comma_is_the_hospital_of_the_item_before() {
    check(
        "江西省妇幼保健院一行参观南康区人民医院。江西省妇幼保健院党委副书记王明带队。江西省妇幼保健院专家参观了展馆。南康区人大代表、南康区人民医院院长张华，院党委书记李平一同参加座谈。",
        &[
            "role\t张华\t院长\t南康区人民医院",
            "role\t李平\t党委书记\t南康区人民医院",
        ],
        &["role\t李平\t党委书记\t江西省妇幼保健院"],
    );
}

#[test]
fn yuan_after_an_item_with_posts_at_two_bodies_is_its_hospital() {
    check(
        "江西省儿童医院专家到云岭市儿童医院交流。江西省儿童医院党委副书记王建明带队。云岭市政协副主席、市儿童医院院长周文华，院党委书记吴春梅，党委副书记郑国平陪同参观。",
        &[
            "role\t周文华\t副主席\t云岭市政协",
            "role\t吴春梅\t党委书记\t市儿童医院",
        ],
        &["role\t吴春梅\t党委书记\t江西省儿童医院"],
    );
}

#[test]
fn zhongxin_before_a_title_is_the_centre_itself() {
    check(
        "江西省妇女儿童医学中心迎接检查。江西省妇女儿童医学中心召开会议，中心党委副书记李明介绍了工作情况。",
        &["role\t李明\t党委副书记\t江西省妇女儿童医学中心"],
        &["role\t李明\t中心党委副书记\t江西省妇女儿童医学中心"],
    );
}

#[test]
fn a_unit_between_a_body_and_a_title_belongs_to_the_body() {
    check(
        "江西省卫健委机关党委副书记李春明一行到赣州市人民医院调研。",
        &["role\t李春明\t机关党委副书记\t江西省卫健委"],
        &["role\t李春明\t党委副书记\t赣州市人民医院"],
    );
}

#[test]
fn a_chain_of_places_is_part_of_the_name_as_written() {
    check(
        "九江市修水县妇幼保健院院长陈立华出席会议。",
        &[
            "hospital\t九江市修水县妇幼保健院",
            "located\t九江市修水县妇幼保健院\t修水县",
            "role\t陈立华\t院长\t九江市修水县妇幼保健院",
        ],
        &["hospital\t修水县妇幼保健院"],
    );
}

/// The learned tagger (on unless `hkg build --no-tagger`) finds names the rules cannot: a
/// surname outside the surname list, right after a title, with the posts the title gives, or
/// in a list a known name opens; the rules' own names stand where they have one.
#[test]
fn the_tagger_adds_names_with_rare_surnames_after_titles() {
    let text = "青川市第二人民医院召开年度工作会议。党委书记、院长仪建华主持会议，副院长郗明远通报了全年工作，院长陈晓东常说要把病人放在心上。专家陈永强、仪海燕出席会议。";
    let (rules_only, tagged) = facts_without_and_with_tagger(text);
    let found = [
        "person\t仪建华",
        "role\t仪建华\t院长\t青川市第二人民医院",
        "person\t郗明远",
        "role\t郗明远\t副院长\t青川市第二人民医院",
        // A list that a known name opens goes on with names the rules cannot read.
        "person\t仪海燕",
    ];
    for f in found {
        assert!(!rules_only.iter().any(|g| g == f), "rules alone: {f}");
        assert!(tagged.iter().any(|g| g == f), "missing {f} in {tagged:?}");
    }
    assert!(tagged.iter().any(|g| g == "person\t陈晓东"), "{tagged:?}");
    assert!(
        !tagged
            .iter()
            .any(|g| g.starts_with("person\t陈晓东") && g != "person\t陈晓东"),
        "the rules' name stands: {tagged:?}"
    );
}

#[test]
fn a_bare_party_committee_is_the_documents_citys() {
    check(
        "衡阳市康宁医院召开干部大会。市委组织部副部长蒋文涛，市委组织部干部三科科长卢佩玲宣读任职文件。",
        &[
            "institution\t衡阳市委组织部\tparty",
            "role\t蒋文涛\t副部长\t衡阳市委组织部",
            "role\t卢佩玲\t干部三科科长\t衡阳市委组织部",
        ],
        &[
            "role\t卢佩玲\t部干部三科科长\t衡阳市康宁医院",
            "role\t卢佩玲\t干部三科科长\t衡阳市康宁医院",
        ],
    );
}

#[test]
fn posts_at_several_bodies_before_one_name_all_belong_to_it() {
    check(
        "湖南省常德市康宁医院举行揭牌仪式。省卫健委党组成员、副主任，省中医药管理局局长骆青山，常德市人大常委会副主任、湖南文理学院党委书记钟雅琴出席。",
        &[
            "role\t骆青山\t党组成员\t湖南省卫健委",
            "role\t骆青山\t副主任\t湖南省卫健委",
            "role\t骆青山\t局长\t湖南省中医药管理局",
            "role\t钟雅琴\t副主任\t常德市人大常委会",
            "role\t钟雅琴\t党委书记\t湖南文理学院",
        ],
        &["role\t钟雅琴\t副主任\t湖南文理学院"],
    );
}

#[test]
fn a_place_head_serves_the_place_named_with_it() {
    check(
        "隆回县康宁医院与省儿童医院签约。祁东县副县长庞晓东，隆回县委副书记邵明川、副县长褚建平，县卫健委主任严秋菊出席。",
        &[
            "role\t庞晓东\t副县长\t祁东县",
            "role\t邵明川\t副书记\t隆回县委",
            "role\t褚建平\t副县长\t隆回县",
        ],
        &[
            "role\t褚建平\t副县长\t隆回县委",
            "role\t褚建平\t副县长\t隆回县康宁医院",
        ],
    );
}

#[test]
fn a_department_between_the_hospital_and_the_name_is_part_of_the_post() {
    check(
        "义诊现场，邵阳市妇幼保健院新生儿科康雨平副主任医师、小儿外科骆佳怡主任医师为家长答疑。",
        &[
            "role\t康雨平\t新生儿科副主任医师\t邵阳市妇幼保健院",
            "role\t骆佳怡\t小儿外科主任医师\t邵阳市妇幼保健院",
        ],
        &["role\t康雨平\t副主任医师\t邵阳市妇幼保健院"],
    );
}

#[test]
fn an_affiliated_hospital_named_short_belongs_to_the_one_university() {
    check(
        "衡阳学院召开干部大会。会上宣布：卫思远同志担任附属松涛医院党委书记，附属松涛医院院长一职另行任命。卫思远书记随后发言。",
        &[
            "hospital\t衡阳学院附属松涛医院",
            "role\t卫思远\t党委书记\t衡阳学院附属松涛医院",
        ],
        &["role\t卫思远\t书记\t衡阳学院附属松涛医院"],
    );
}

#[test]
fn a_short_form_after_a_body_of_another_city_shares_its_city() {
    check(
        "娄底市康宁医院对口帮扶平江县人民医院。娄底市卫健委、娄底市医保局负责同志到场。益阳市卫健委党委书记、主任凌素华，市委组织部副部长苗振宇出席。",
        &["role\t苗振宇\t副部长\t益阳市委组织部"],
        &["role\t苗振宇\t副部长\t娄底市委组织部"],
    );
}

#[test]
fn the_recipient_of_shouyu_stands_between_the_verb_and_the_honour() {
    check(
        "邵阳市康宁医院喜获表彰。省人社厅、省卫健委发布决定，授予邵阳市康宁医院等52个单位“全省卫生健康系统先进集体”称号，授予市卫生健康委党组成员、副主任，市医保局局长欧阳慧“全省卫生健康系统先进工作者”称号，授予戚明轩等96名同志“全省优秀医师”称号。其中，邵阳市共有4个单位被授予“全省卫生健康系统先进集体”称号，9人被授予“全省卫生健康系统先进工作者”称号。",
        &[
            "award\t邵阳市康宁医院\t全省卫生健康系统先进集体",
            "award\t欧阳慧\t全省卫生健康系统先进工作者",
            "award\t戚明轩\t全省优秀医师",
        ],
        &[
            "award\t邵阳市康宁医院\t全省卫生健康系统先进工作者",
            "award\t邵阳市康宁医院\t全省优秀医师",
        ],
    );
}

#[test]
fn each_counted_group_of_a_commendation_gets_its_honour() {
    check(
        "邵阳市康宁医院召开表彰大会。大会表彰了内科第一党支部等3个共产党员先锋号、贺立群等21位党员先锋标兵、庞雪梅等5名优秀党务干部。会后，获奖党支部代表合影留念。",
        &[
            "award\t内科第一党支部\t共产党员先锋号",
            "award\t贺立群\t党员先锋标兵",
            "award\t庞雪梅\t优秀党务干部",
        ],
        &["award\t邵阳市康宁医院\t奖党支部"],
    );
}

#[test]
fn a_branch_read_without_its_leading_yiyuan_takes_its_full_name() {
    check(
        "邵阳市康宁医院医院感染管理科门诊部联合党支部开展主题党日活动，院领导询问了科室党支部建设情况。活动中，医院感染管理科门诊部联合党支部书记汤云峰介绍了经验。",
        &["branch\t医院感染管理科门诊部联合党支部\t邵阳市康宁医院"],
        &[
            "branch\t感染管理科门诊部联合党支部\t邵阳市康宁医院",
            "branch\t科室党支部\t邵阳市康宁医院",
        ],
    );
}

#[test]
fn a_provincial_committee_with_no_province_named_is_no_body() {
    check(
        "邵阳市康宁医院召开会议。去年以来，省委、市委多次部署基层党建工作。",
        &["institution\t邵阳市委\tparty"],
        &["institution\t省委\tparty"],
    );
}

#[test]
fn a_verb_before_a_county_short_form_is_no_county() {
    check(
        "隆回县人民医院与省儿童医院签约。专家们希望县人民医院用好平台，并将帮助县医院提升儿科水平。",
        &["hospital\t隆回县人民医院"],
        &["hospital\t希望县人民医院", "hospital\t帮助县医院"],
    );
}

#[test]
fn the_pages_source_is_no_partner() {
    check(
        "当前位置: 首页 > 资讯 > 正文\n\n邵阳市儿童专科联盟成立,首批18家医院加入\n\n来源:邵阳日报    时间:2024-06-12 20:24:33\n\n【资料图】\n\n为保障儿童健康,6月11日,邵阳市康宁医院发起的联盟正式成立。",
        &["institution\t邵阳日报\tmedia"],
        &["partner\t邵阳市康宁医院\t邵阳日报"],
    );
}

#[test]
fn ren_right_after_a_body_and_before_a_name_is_a_surname() {
    check(
        "理事会选举产生。隆回县人民医院任家豪院长等26人担任理事。邵阳市康宁医院的柯立新同志在隆回县人民医院任副院长。",
        &[
            "person\t任家豪",
            "role\t任家豪\t院长\t隆回县人民医院",
        ],
        &["person\t家豪", "person\t任副院"],
    );
}

#[test]
fn posts_taken_by_election_are_held_at_the_society_named_before() {
    check(
        "邵阳市康宁医院举办“湘中儿科专科联盟”成立大会。大会同时召开“湘中儿科专科联盟”首届理事会，邵阳市康宁医院院长柯立新当选理事长，隆回县人民医院院长庞晓东、武冈市人民医院骆佳怡主任等8人当选副理事长，新宁县人民医院凌素华院长等20人担任理事，邵阳市康宁医院儿科苗振宇主任担任秘书长，联盟工作随即启动。",
        &[
            "institution\t湘中儿科专科联盟\tother",
            "role\t柯立新\t院长\t邵阳市康宁医院",
            "role\t柯立新\t理事长\t湘中儿科专科联盟",
            "role\t庞晓东\t副理事长\t湘中儿科专科联盟",
            "role\t骆佳怡\t副理事长\t湘中儿科专科联盟",
            "role\t凌素华\t理事\t湘中儿科专科联盟",
            "role\t苗振宇\t秘书长\t湘中儿科专科联盟",
        ],
        &["role\t柯立新\t理事长\t邵阳市康宁医院"],
    );
}

#[test]
fn department_words_that_hold_a_stop_word_stay_whole() {
    check(
        "常德市儿童医院召开中层干部会。医院对外合作部主任郑晓东、党委组织部部长钱立新和内科外科联合党支部书记康雨平先后发言。",
        &[
            "role\t郑晓东\t对外合作部主任\t常德市儿童医院",
            "role\t钱立新\t党委组织部部长\t常德市儿童医院",
            "role\t康雨平\t内科外科联合党支部书记\t常德市儿童医院",
        ],
        &["role\t郑晓东\t部主任\t常德市儿童医院"],
    );
}

#[test]
fn an_adverb_after_a_name_is_not_its_third_character() {
    check(
        "衡山县人民医院院长周立民、副院长吴静分别介绍了两院概况，护理部主任孙海波简要回顾了合作历程。",
        &[
            "person\t吴静",
            "person\t孙海波",
            "role\t吴静\t副院长\t衡山县人民医院",
        ],
        &["person\t吴静分", "person\t孙海波简"],
    );
}

#[test]
fn a_county_short_name_opens_a_name_where_the_document_backs_it() {
    // Backed by the county named in full, or by its own city right before it.
    check(
        "邵东市卫健局局长郑晓东来到邵东二医院调研，益阳赫山妇幼保健院院长康雨平陪同。",
        &[
            "hospital\t邵东二医院",
            "located\t邵东二医院\t邵东市",
            "role\t康雨平\t院长\t益阳赫山妇幼保健院",
        ],
        &["hospital\t东二医院"],
    );
    // Unbacked, the same words are ordinary ones.
    check(
        "北京中医药大学东方医院专家来到湘潭县人民医院义诊。",
        &["hospital\t湘潭县人民医院"],
        &["located\t北京中医药大学东方医院\t东方市"],
    );
}

#[test]
fn a_verb_before_a_city_short_form_is_no_city() {
    check(
        "娄底市妇幼保健院新院区开工，建成后将改善市妇幼保健院的就医条件。",
        &["hospital\t娄底市妇幼保健院"],
        &["hospital\t上改善市妇幼保健院", "hospital\t改善市妇幼保健院"],
    );
}

#[test]
fn a_place_head_serves_its_government_not_the_committee_in_its_stack() {
    check(
        "娄底市妇幼保健院与娄底市人民政府签订共建协议。娄底市委副书记、市长郑晓东，市政府副市长钱立新出席。",
        &[
            "role\t郑晓东\t副书记\t娄底市委",
            "role\t郑晓东\t市长\t娄底市人民政府",
            "role\t钱立新\t副市长\t娄底市人民政府",
        ],
        &["role\t郑晓东\t市长\t娄底市委"],
    );
}

#[test]
fn a_placeless_hospital_name_at_a_venue_or_before_a_titled_name() {
    check(
        "义诊活动在青溪医院举行。娄底市中心医院郑晓东教授、云湖医院钱立新教授参加，还将派出湖南省直三甲医院专家。",
        &[
            "hospital\t青溪医院",
            "hospital\t云湖医院",
            "role\t钱立新\t教授\t云湖医院",
        ],
        &["hospital\t湖南省直三甲医院", "role\t钱立新\t教授\t娄底市中心医院"],
    );
    // A verb before 医院 at a clause's start takes the hospital as its object.
    check(
        "娄底市中心医院召开大会，开创医院发展新局面。",
        &["hospital\t娄底市中心医院"],
        &["hospital\t开创医院"],
    );
}

#[test]
fn township_and_community_committees_and_democratic_parties_are_bodies() {
    check(
        "娄底市中心医院与青溪镇卫生院签约。青溪镇党委书记郑晓东、青溪镇党委副书记兼镇长吴静，农工党湖南省委会秘书长钱立新出席。望城区桃花社区党委书记周立民致辞。望城区白沙镇党委副书记、镇长孙海波陪同。",
        &[
            "role\t郑晓东\t书记\t青溪镇党委",
            "role\t吴静\t副书记\t青溪镇党委",
            "role\t吴静\t镇长\t青溪镇",
            "role\t钱立新\t秘书长\t农工党湖南省委会",
            "role\t周立民\t书记\t望城区桃花社区党委",
            "role\t孙海波\t镇长\t白沙镇",
        ],
        &[
            "role\t郑晓东\t党委书记\t娄底市中心医院",
            "role\t周立民\t党委书记\t娄底市中心医院",
        ],
    );
}

#[test]
fn a_dateline_names_the_paper_of_the_bylines_below_a_headline_without_a_stop() {
    // The headline has no full stop; the dateline still opens the text, so 记者A报道 is
    // the paper's reporter, and the editor signing off is the paper's editor.
    check(
        "株洲县人民医院举行2023年度总结表彰大会\n\n云岭新闻网讯  记者柯雨桐报道：3月5日，株洲县人民医院召开年度表彰大会，表彰先进科室和个人。\n\n会议总结了一年的工作。\n\n（责任编辑：骆新宇）",
        &[
            "role\t柯雨桐\t记者\t云岭新闻网",
            "role\t骆新宇\t责任编辑\t云岭新闻网",
        ],
        &[],
    );
    // An agency filing from a place on a day: X社某地5月12日电.
    check(
        "三名护士获评优秀护理工作者\n桐江社湘潭5月12日电（记者韦一鸣）株洲市松涛医院三名护士获评优秀护理工作者。",
        &["role\t韦一鸣\t记者\t桐江社"],
        &[],
    );
}

#[test]
fn the_paper_of_one_post_in_a_byline_holds_the_others_of_that_line() {
    check(
        "醴陵市中医医院开展义诊\n5月1日，醴陵市中医医院在广场开展义诊。\n（松涛日报全媒体记者杜明远  责任编辑柯雨桐）",
        &[
            "role\t杜明远\t全媒体记者\t松涛日报",
            "role\t柯雨桐\t责任编辑\t松涛日报",
        ],
        &[],
    );
    // A source that ends in 在线 is a publication.
    check(
        "醴陵市中医医院开展义诊\n来源:云岭在线\n编辑:韦一鸣\n5月1日，醴陵市中医医院在广场开展义诊。",
        &["role\t韦一鸣\t编辑\t云岭在线"],
        &[],
    );
}

#[test]
fn a_reporter_works_for_the_publication_the_page_names_as_its_source() {
    check(
        "娄底市中心医院举办义诊\n来源：星城新闻网  时间：2024-05-02\n星城新闻网讯（记者 康雨平 通讯员 吴静）5月1日，娄底市中心医院在广场举办义诊。\n编辑：周立民",
        &[
            "role\t康雨平\t记者\t星城新闻网",
            "role\t周立民\t编辑\t星城新闻网",
        ],
        &["role\t吴静\t通讯员\t星城新闻网"],
    );
    // A source that is an office, not a publication, employs no reporter.
    check(
        "娄底市中心医院举办义诊\n来源：院办  时间：2024-05-02\n（记者 康雨平）5月1日，娄底市中心医院举办义诊。",
        &["person\t康雨平"],
        &["role\t康雨平\t记者\t院办"],
    );
}

#[test]
fn medical_centres_capital_institutes_and_no_regional_designation() {
    check(
        "首都中医研究所副所长郑晓东来到娄底市公共卫生医疗中心，该中心获批国家区域医疗中心建设项目。",
        &[
            "institution\t首都中医研究所\tother",
            "hospital\t娄底市公共卫生医疗中心",
        ],
        &["hospital\t国家区域医疗中心"],
    );
}

#[test]
fn names_before_a_verb_of_receiving_an_honour_are_people() {
    check(
        "娄底市中心医院内科党支部获评全市先进基层党组织，康雨平、周立民获评全市优秀党务工作者。",
        &[
            "person\t康雨平",
            "person\t周立民",
            "award\t周立民\t全市优秀党务工作者",
        ],
        &["award\t内科党支部\t全市优秀党务工作者"],
    );
}

#[test]
fn service_quality_and_management_centres_and_street_offices_are_bodies() {
    check(
        "娄底市中心医院召开座谈会，中共娄底市住房公积金管理中心党组书记郑晓东、娄底市医疗质控中心主任吴静、梅江街道办事处副主任周立民参加。",
        &[
            "role\t郑晓东\t党组书记\t娄底市住房公积金管理中心",
            "role\t吴静\t主任\t娄底市医疗质控中心",
        ],
        &[
            "role\t吴静\t娄底市医疗质控中心主任\t娄底市中心医院",
            "role\t周立民\t梅江街道办事处副主任\t娄底市中心医院",
        ],
    );
}

#[test]
fn a_bare_list_after_a_titled_name_shares_its_posts_unless_deng_closes_it_after_a_head() {
    check(
        "娄底市中心医院召开会议，娄星区委常委康雨平、孙海波、钱立新出席。",
        &[
            "role\t康雨平\t常委\t娄星区委",
            "role\t孙海波\t常委\t娄星区委",
            "role\t钱立新\t常委\t娄星区委",
        ],
        &[],
    );
    check(
        "娄底市中心医院召开会议，院长郑晓东、吴静、周立民等院领导出席。",
        &["role\t郑晓东\t院长\t娄底市中心医院", "person\t吴静"],
        &["role\t吴静\t院长\t娄底市中心医院"],
    );
    // Deputies are many: 等 closes the list of them, not their posts.
    check(
        "娄底市中心医院召开会议，副院长郑晓东、吴静等出席。",
        &[
            "role\t郑晓东\t副院长\t娄底市中心医院",
            "role\t吴静\t副院长\t娄底市中心医院",
        ],
        &[],
    );
}

#[test]
fn a_branch_set_up_by_an_agreement_partners_and_a_societys_committee_is_a_unit() {
    check(
        "娄底市中心医院与青溪镇卫生院签订帮扶协议，娄底市中心医院青溪分院同时揭牌。",
        &[
            "partner\t娄底市中心医院\t青溪镇卫生院",
            "partner\t娄底市中心医院\t娄底市中心医院青溪分院",
        ],
        &[],
    );
    check(
        "娄底市中心医院与湖南省医师协会儿科专业委员会签约共建培训基地。",
        &["institution\t湖南省医师协会儿科专业委员会\tassociation"],
        &["institution\t湖南省医师协会\tassociation"],
    );
}

#[test]
fn xiao_is_the_one_university_the_report_names() {
    check(
        "湘中医科大学附属娄底医院揭牌。校党委书记郑晓东，校长吴静，校党委组织部部长周立民，娄底市委书记康雨平出席。",
        &[
            "role\t郑晓东\t党委书记\t湘中医科大学",
            "role\t吴静\t校长\t湘中医科大学",
            "role\t周立民\t党委组织部部长\t湘中医科大学",
        ],
        &["role\t郑晓东\t党委书记\t湘中医科大学附属娄底医院"],
    );
}

#[test]
fn becoming_a_member_unit_is_no_honour() {
    check(
        "青溪镇卫生院正式成为娄底市中心医院医联体单位，并与其签订协议。",
        &["hospital\t青溪镇卫生院"],
        &["award\t青溪镇卫生院\t娄底市中心医院医联体单位"],
    );
}

#[test]
fn leaders_and_members_named_after_their_word_are_people() {
    check(
        "娄底市中心医院领导班子成员参加学习，院领导郑晓东、吴静、周立民出席，党员康雨平发言。",
        &[
            "person\t郑晓东",
            "person\t吴静",
            "person\t周立民",
            "person\t康雨平",
        ],
        &["person\t班子", "person\t班子成"],
    );
}

#[test]
fn a_pages_reviewers_are_people() {
    check(
        "娄底市中心医院举办义诊\n5月1日，娄底市中心医院在广场举办义诊。\n一审：郑晓东 二审：吴静 三 审：周立民",
        &["person\t郑晓东", "person\t吴静", "person\t周立民"],
        &[],
    );
}

#[test]
fn a_place_head_with_no_place_in_the_sentence_serves_the_documents_one_city() {
    check(
        "娄底市中心医院新院区启用\n娄底市中心医院新院区昨日启用。\n吴静副市长在仪式上讲话。",
        &["role\t吴静\t副市长\t娄底市"],
        &[],
    );
    // Two cities named: the sentence must say which.
    check(
        "副市长吴静到冷水江市人民医院调研\n娄底市人民政府副市长吴静到冷水江市人民医院调研。",
        &["role\t吴静\t副市长\t娄底市人民政府"],
        &["role\t吴静\t副市长\t冷水江市"],
    );
}

#[test]
fn abbreviated_university_hospitals_and_placeless_hosts_of_an_event() {
    check(
        "【党建】桃源医院召开表彰大会\n会上，湘大一附院郑晓东教授作报告。",
        &[
            "hospital\t桃源医院",
            "hospital\t湘大一附院",
            "role\t郑晓东\t教授\t湘大一附院",
        ],
        &[],
    );
}

#[test]
fn a_listed_title_without_a_unit_is_held_in_the_unit_before_it() {
    check(
        "云岭市第二人民医院举行主题党日活动。后勤党总支书记唐卫平、专职副书记孔晓岚，财务科党支部组织委员严冬等参加。",
        &[
            "role\t唐卫平\t后勤党总支书记\t云岭市第二人民医院",
            "role\t孔晓岚\t后勤党总支专职副书记\t云岭市第二人民医院",
            "role\t严冬\t财务科党支部组织委员\t云岭市第二人民医院",
        ],
        &["role\t孔晓岚\t专职副书记\t云岭市第二人民医院"],
    );
}

#[test]
fn honours_split_at_a_second_grant_and_stop_at_the_next_recipient() {
    check(
        "云岭市第二人民医院荣获云岭市劳动竞赛模范集体并授云岭市“五一劳动奖状”、检验科荣获云岭市劳动竞赛模范班组、副院长孔晓岚荣获“五一劳动奖章”称号。",
        &[
            "award\t云岭市第二人民医院\t云岭市劳动竞赛模范集体",
            "award\t云岭市第二人民医院\t云岭市五一劳动奖状",
            "award\t云岭市第二人民医院\t云岭市劳动竞赛模范班组",
            "award\t孔晓岚\t五一劳动奖章",
        ],
        &["award\t云岭市第二人民医院\t五一劳动奖章"],
    );
    // An unclosed quote: the honour ends at 称号.
    check(
        "云岭市第二人民医院护士长孔晓岚获“全省卫生系统先进工作者荣誉称号\n3月5日，表彰大会召开。",
        &["award\t孔晓岚\t全省卫生系统先进工作者"],
        &[],
    );
    // Two honours joined by 和, each ending as an honour does.
    check(
        "2023年，云岭市第二人民医院获批省级区域医疗中心和国家临床重点专科。",
        &[
            "award\t云岭市第二人民医院\t省级区域医疗中心",
            "award\t云岭市第二人民医院\t国家临床重点专科",
        ],
        &[],
    );
}

#[test]
fn honoured_names_listed_with_their_hospitals_and_posts() {
    check(
        "云岭市第二人民医院被授予“全省先进集体”称号，云岭医院院长唐卫平、桐江二医院主任医师孔晓岚同时被授予“全省先进工作者”称号。",
        &[
            "hospital\t桐江二医院",
            "role\t孔晓岚\t主任医师\t桐江二医院",
            "award\t唐卫平\t全省先进工作者",
            "award\t孔晓岚\t全省先进工作者",
        ],
        &["role\t孔晓岚\t主任医师\t云岭医院"],
    );
}

#[test]
fn an_aside_between_title_and_name_gives_both_posts() {
    check(
        "桐江县中医院党委书记严冬，院长（民盟桐江县委会主委）孔晓岚出席签约仪式。",
        &[
            "person\t孔晓岚",
            "role\t孔晓岚\t院长\t桐江县中医院",
            "role\t孔晓岚\t主委\t民盟桐江县委会",
        ],
        &[],
    );
}

#[test]
fn verbs_of_visiting_and_signing_end_an_organisations_name() {
    check(
        "3月5日，宁都县长唐卫平莅临宁都县中医院调研。随后双方举行协作医院签约仪式，开启云岭大学与该院合作。",
        &["hospital\t宁都县中医院"],
        &[
            "hospital\t宁都县长唐卫平莅临宁都县中医院",
            "institution\t开启云岭大学\tuniversity",
        ],
    );
}

#[test]
fn reporters_in_a_closing_or_opening_signature() {
    check(
        "本报讯（严冬报道）3月5日，云岭市第二人民医院举行义诊。\n（文 | 唐卫平 图 | 孔晓岚）\n（云岭市融媒体中心 柏青 江晓岚）\n",
        &[
            "person\t严冬",
            "person\t唐卫平",
            "person\t孔晓岚",
            "person\t柏青",
            "person\t江晓岚",
        ],
        &["person\t严冬报"],
    );
}

/// A name the rules stop before a character that seldom ends a name (来, 科) takes it when a
/// pause follows and the tagger reads the three characters as one name.
#[test]
fn the_tagger_completes_names_cut_before_a_stop_character() {
    let text = "青川市第二人民医院举行签约仪式。党委委员、副院长罗新来、医务部主任谢明出席，县卫健局局长田立新，青川县中医院党委书记张国科及干部职工参加。";
    let (rules_only, tagged) = facts_without_and_with_tagger(text);
    for f in [
        "person\t罗新来",
        "role\t罗新来\t副院长\t青川市第二人民医院",
        "person\t张国科",
        "role\t张国科\t党委书记\t青川县中医院",
    ] {
        assert!(!rules_only.iter().any(|g| g == f), "rules alone: {f}");
        assert!(tagged.iter().any(|g| g == f), "missing {f} in {tagged:?}");
    }
    assert!(!tagged.iter().any(|g| g == "person\t罗新"), "{tagged:?}");
}

#[test]
fn one_hospital_with_its_place_written_two_ways() {
    check(
        "江西赣州市云岭医院与宁都县人民医院签订帮扶协议。赣州市云岭医院院长唐卫平出席。赣州云岭医院将派出专家。",
        &[
            "alias\t江西赣州市云岭医院\t赣州市云岭医院",
            "alias\t江西赣州市云岭医院\t赣州云岭医院",
            "partner\t江西赣州市云岭医院\t宁都县人民医院",
        ],
        &["partner\t江西赣州市云岭医院\t赣州市云岭医院"],
    );
    // Another place's hospital of the same ending stays apart.
    check(
        "赣州市人民医院与宁都县人民医院签订帮扶协议。",
        &["partner\t赣州市人民医院\t宁都县人民医院"],
        &["alias\t赣州市人民医院\t宁都县人民医院"],
    );
}

#[test]
fn a_space_between_title_and_name_still_gives_the_post() {
    check(
        "桐江县中医院召开座谈会。医院党委书记 严冬、党委副书记 孔晓岚、副院长 梁思远等陪同走访。院长 表示感谢。",
        &[
            "role\t严冬\t党委书记\t桐江县中医院",
            "role\t孔晓岚\t党委副书记\t桐江县中医院",
            "role\t梁思远\t副院长\t桐江县中医院",
        ],
        &["person\t表示感"],
    );
}

#[test]
fn two_names_of_one_hospital_joined_by_a_dot_are_one_name() {
    check(
        "桐江市妇幼保健院·儿童医院本周发起一个新生儿救治协作网，云岭县医院、桐江市中医院首批加入。",
        &["hospital\t桐江市妇幼保健院·儿童医院"],
        &["hospital\t桐江市妇幼保健院"],
    );
}

#[test]
fn an_alliances_members_partner_its_lead_unit() {
    check(
        "桐江市中医院牵头的专科联盟昨天成立。阳新县中医院、桐江市人民医院、石门县中医院等成员单位的院长在联盟成立会上发言。",
        &[
            "partner\t桐江市中医院\t阳新县中医院",
            "partner\t桐江市中医院\t桐江市人民医院",
            "partner\t桐江市中医院\t石门县中医院",
        ],
        &[
            "partner\t阳新县中医院\t桐江市人民医院",
            "partner\t阳新县中医院\t石门县中医院",
        ],
    );
}

#[test]
fn university_hospitals_by_their_abbreviations() {
    check(
        "云大二院获评“省级远程医疗协同中心”\n副院长孔晓岚在授牌会上接过牌匾。此前滇大儿院、西宁交大一附院已挂牌。该院院长说，扩大二院区规模。",
        &[
            "hospital\t云大二院",
            "hospital\t滇大儿院",
            "hospital\t西宁交大一附院",
            "role\t孔晓岚\t副院长\t云大二院",
            "award\t云大二院\t省级远程医疗协同中心",
        ],
        &["hospital\t扩大二院"],
    );
}

#[test]
fn a_placeless_hospital_that_receives_an_honour_is_a_name() {
    check(
        "云岭医院入选第七届“全国文明单位”\n省文明委日前发文，云岭医院获“全国文明单位”称号。",
        &["hospital\t云岭医院", "award\t云岭医院\t全国文明单位"],
        &[],
    );
}

#[test]
fn a_verb_after_a_two_character_name_is_not_part_of_it() {
    check(
        "桐江市卫生健康委中医科科长严冬应邀出席，桐江县中医院院长梁远率队参加。",
        &[
            "role\t严冬\t中医科科长\t桐江市卫生健康委",
            "role\t梁远\t院长\t桐江县中医院",
        ],
        &["person\t严冬应", "person\t梁远率"],
    );
}

#[test]
fn a_body_that_signs_with_others_is_their_partner_not_the_hospitals() {
    check(
        "桐江市妇幼保健院举行签约仪式。省妇幼保健协会与桐江市卫生健康委员会签署了一份框架协议，随后又与桐江市妇幼保健院签署专科共建协议。",
        &["partner\t桐江市妇幼保健院\t省妇幼保健协会"],
        &["partner\t桐江市妇幼保健院\t桐江市卫生健康委员会"],
    );
}

#[test]
fn a_places_numbered_hospital_by_its_short_name() {
    check(
        "衢州柯城四院与丽水六院签订合作协议，丽水六院院长孔晓岚出席。该院区建设顺利。",
        &[
            "hospital\t衢州柯城四院",
            "hospital\t丽水六院",
            "located\t衢州柯城四院\t柯城区",
            "partner\t衢州柯城四院\t丽水六院",
            "role\t孔晓岚\t院长\t丽水六院",
        ],
        &[],
    );
}

#[test]
fn a_branch_after_an_event_joined_by_ji_and_generic_subordinate_branches() {
    check(
        "桐江县人民医院召开党员大会，议程为冬季义诊总结暨行政党支部改选。医院推行下辖党支部与村党组织结对的做法。",
        &["branch\t行政党支部\t桐江县人民医院"],
        &[
            "branch\t冬季义诊总结暨行政党支部\t桐江县人民医院",
            "branch\t推行下辖党支部\t桐江县人民医院",
        ],
    );
}

#[test]
fn a_government_body_partners_only_when_a_connector_joins_it() {
    check(
        "桐江市第一人民医院与云岭县人民医院签订对口帮扶协议，签约仪式在云岭县人民政府礼堂举行，云岭县委、云岭县人民政府有关负责人出席。",
        &["partner\t桐江市第一人民医院\t云岭县人民医院"],
        &[
            "partner\t桐江市第一人民医院\t云岭县人民政府",
            "partner\t桐江市第一人民医院\t云岭县委",
        ],
    );
    check(
        "云岭县人民政府与桐江市第一人民医院签署合作共建协议。",
        &["partner\t桐江市第一人民医院\t云岭县人民政府"],
        &[],
    );
    check(
        "昨日，桐江市卫生健康委、桐江市妇幼保健院与云岭医科大学附属医院三方签订专科共建协议。",
        &["partner\t桐江市妇幼保健院\t云岭医科大学附属医院"],
        &["partner\t桐江市妇幼保健院\t桐江市卫生健康委"],
    );
}

#[test]
fn a_title_inside_a_place_name_is_none() {
    check(
        "湖南省长沙市第九医院今天开放新门诊。",
        &["hospital\t湖南省长沙市第九医院"],
        &["person\t沙市第"],
    );
}

#[test]
fn a_placed_name_after_a_conjunction_or_inside_a_place_begins_there() {
    check(
        "株洲妇儿中心和湘潭市妇幼保健院负责人座谈。医疗队继丰镇市人民医院之后又走进乡镇。",
        &["hospital\t湘潭市妇幼保健院", "hospital\t丰镇市人民医院"],
        &[
            "hospital\t株洲妇儿中心和湘潭市妇幼保健院",
            "hospital\t继丰镇市人民医院",
        ],
    );
}

#[test]
fn a_labelled_line_continues_no_sentence() {
    check(
        "桐江县人民医院举办健康讲座\n\n2023年09月12日 08:30:15 来源:桐江新闻网\n编辑:柏青\n\n桐江新闻网9月12日讯 桐江县人民医院举办健康讲座。\n",
        &["role\t柏青\t编辑\t桐江新闻网"],
        &[],
    );
}

#[test]
fn an_outlet_ending_in_rongmei_signs_a_dateline() {
    check(
        "云岭融媒(记者 江晓岚)近日，云岭县人民医院举行义诊。",
        &["role\t江晓岚\t记者\t云岭融媒"],
        &[],
    );
}

#[test]
fn a_preposition_after_a_title_that_follows_its_holder_opens_no_name() {
    check(
        "孔晓岚院长向严冬书记汇报了新院区的筹建进度。",
        &["person\t严冬"],
        &["person\t向严冬"],
    );
}

#[test]
fn common_verbs_after_a_body_are_no_names() {
    check(
        "桐江市卫生健康委员会印发通知。云岭县人民医院荣膺“全国文明单位”称号。",
        &["hospital\t云岭县人民医院"],
        &["person\t印发", "person\t荣膺"],
    );
}

#[test]
fn honours_of_people_after_a_department_a_post_or_before_an_honorific() {
    check(
        "桐江县中医院召开表彰会。院理事长罗新远教授荣获“全市优秀科技工作者”。急诊科柏青荣获“优秀护士”称号。",
        &[
            "award\t罗新远\t全市优秀科技工作者",
            "award\t柏青\t优秀护士",
        ],
        &[
            "award\t桐江县中医院\t全市优秀科技工作者",
            "award\t桐江县中医院\t优秀护士",
        ],
    );
}

#[test]
fn a_university_hospital_by_the_name_after_its_fushu() {
    check(
        "桐江县人民医院迎来云岭大学医学院附属松涛医院专家团队，双方签订对口帮扶协议。座谈时，松涛医院医务部部长柏青谈了帮扶安排，松涛医院院长严冬致辞。",
        &[
            "alias\t云岭大学医学院附属松涛医院\t松涛医院",
            "role\t柏青\t医务部部长\t云岭大学医学院附属松涛医院",
            "role\t严冬\t院长\t云岭大学医学院附属松涛医院",
        ],
        &["role\t柏青\t医务部部长\t桐江县人民医院"],
    );
}

#[test]
fn the_tagger_takes_no_unit_word_for_a_name() {
    check(
        "松涛街道党工委副书记、纪工委书记唐卫平主持了座谈。",
        &["person\t唐卫平"],
        &["person\t纪工委"],
    );
}

#[test]
fn a_college_of_the_reports_one_university() {
    check(
        "云岭大学教学基地在桐江县人民医院揭牌，护理学院院长江晓岚和我校校长助理唐卫平为基地揭牌。",
        &[
            "role\t唐卫平\t校长助理\t云岭大学",
            "role\t江晓岚\t院长\t云岭大学护理学院",
        ],
        &["role\t江晓岚\t院长\t护理学院"],
    );
    check(
        "云岭大学与桐江县人民医院签订教学医院协议。我校医学院院长严冬出席。",
        &["role\t严冬\t院长\t云岭大学医学院"],
        &["role\t严冬\t院长\t桐江县人民医院"],
    );
}

#[test]
fn a_county_short_name_opens_a_name_where_its_prefecture_is_named() {
    check(
        "株洲市中心医院还与醴陵卫生健康局签订了帮扶协议。",
        &[
            "institution\t醴陵卫生健康局\tgovernment",
            "partner\t株洲市中心医院\t醴陵卫生健康局",
        ],
        &["institution\t陵卫生健康局\tgovernment"],
    );
}

#[test]
fn a_body_of_hospitals_is_no_hospital() {
    check(
        "桐江市医院管理局局长柏青讲话。",
        &[
            "institution\t桐江市医院管理局\tgovernment",
            "role\t柏青\t局长\t桐江市医院管理局",
        ],
        &["hospital\t桐江市医院"],
    );
}

#[test]
fn a_place_may_open_an_international_name() {
    check(
        "湘潭市中医医院同株洲国际医学中心医院共建康复中心。株洲国际医学中心副院长苏立新在揭牌时致辞。",
        &[
            "hospital\t株洲国际医学中心医院",
            "partner\t湘潭市中医医院\t株洲国际医学中心医院",
            "alias\t株洲国际医学中心医院\t株洲国际医学中心",
            "role\t苏立新\t副院长\t株洲国际医学中心医院",
        ],
        &["hospital\t株洲国际医学中心"],
    );
}

#[test]
fn officials_of_development_bodies_and_working_committees_are_theirs() {
    check(
        "桐江市人民医院与湘潭市中心医院签约。湖南省发展改革委副主任郑立群、市教卫工作党委书记孙海波出席。",
        &[
            "role\t郑立群\t副主任\t湖南省发展改革委",
            "institution\t湖南省发展改革委\tgovernment",
            "role\t孙海波\t书记\t湘潭市教卫工作党委",
        ],
        &[
            "role\t郑立群\t副主任\t桐江市人民医院",
            "role\t孙海波\t党委书记\t桐江市人民医院",
        ],
    );
    check(
        "株洲市医院发展中心副主任吴丽华讲话。",
        &["role\t吴丽华\t副主任\t株洲市医院发展中心"],
        &["hospital\t株洲市医院"],
    );
}

#[test]
fn a_department_for_the_elderly_keeps_its_name() {
    check(
        "义诊由桐江县中医院老年医学科主任刘志刚、老年病科主任医师王红带队。",
        &[
            "role\t刘志刚\t老年医学科主任\t桐江县中医院",
            "role\t王红\t老年病科主任医师\t桐江县中医院",
        ],
        &["role\t刘志刚\t学科主任\t桐江县中医院"],
    );
}

#[test]
fn a_source_label_is_no_name() {
    check(
        "作者:唐卫平 来源:桐江市人民医院 点击数:12",
        &[],
        &["person\t来源"],
    );
}

#[test]
fn an_author_is_a_person_without_a_post_at_the_outlet() {
    check(
        "桐江县人民医院开展义诊\n来源：湘江新闻网 作者：唐卫平 编辑：江晓岚\n桐江县人民医院开展义诊活动。",
        &[
            "person\t唐卫平",
            "role\t江晓岚\t编辑\t湘江新闻网",
        ],
        &["role\t唐卫平\t作者\t湘江新闻网"],
    );
}

#[test]
fn a_dateline_before_xun_names_the_outlet_of_its_reporter() {
    check(
        "云岭信息港讯（记者 孙海波）桐江县人民医院昨日举行签约仪式。",
        &["role\t孙海波\t记者\t云岭信息港"],
        &[],
    );
}

#[test]
fn a_post_at_a_body_named_by_its_bare_ending_is_not_the_hospitals() {
    check(
        "湘潭市中心医院与韶山市人民医院的帮扶签约在湘潭举行。湘潭市副市长康雨平，卫健委主任郑晓东，卫健委党委书记周海涛，韶山市人民医院院长骆新宇到会。郑晓东主任主持签约，周海涛书记讲话。",
        &[
            "person\t郑晓东",
            "person\t周海涛",
            "role\t骆新宇\t院长\t韶山市人民医院",
        ],
        &[
            "role\t周海涛\t党委书记\t湘潭市中心医院",
            "role\t周海涛\t书记\t湘潭市中心医院",
            "role\t郑晓东\t主任\t湘潭市中心医院",
        ],
    );
}

#[test]
fn a_hospital_partners_its_branch_hospital_but_not_its_campus() {
    check(
        "株洲市中心医院与株洲市中心医院醴陵分院签订托管协议。株洲市中心医院与株洲市中心医院河西院区签订协议。",
        &["partner\t株洲市中心医院\t株洲市中心医院醴陵分院"],
        &["partner\t株洲市中心医院\t株洲市中心医院河西院区"],
    );
}

#[test]
fn a_campus_and_a_pharmacy_head_a_post() {
    check(
        "株洲市中心医院北院区副院长苏立新、中药房主任刘万华出席。",
        &[
            "role\t苏立新\t北院区副院长\t株洲市中心医院",
            "role\t刘万华\t中药房主任\t株洲市中心医院",
        ],
        &[],
    );
}

#[test]
fn a_name_in_two_parts_joined_by_a_dot_follows_a_title() {
    check(
        "伊宁县代理县长阿不都·热合曼一行到伊宁县人民医院调研。湘潭市卫生健康系统党委副书记、副主任何丽娟宣读了文件。伊宁县人民医院院长周立民主持。",
        &[
            "person\t阿不都·热合曼",
            "role\t阿不都·热合曼\t代理县长\t伊宁县",
        ],
        &[
            "role\t何丽娟\t副主任\t伊宁县人民医院",
            "role\t何丽娟\t党委副书记\t伊宁县人民医院",
        ],
    );
}

#[test]
fn a_national_medical_centre_is_a_designation_not_a_hospital() {
    check(
        "株洲市中心医院与云岭大学附属儿童医院签约。2019年，云岭大学附属儿童医院被确定为国家儿童医学中心。",
        &[
            "partner\t株洲市中心医院\t云岭大学附属儿童医院",
            "award\t云岭大学附属儿童医院\t国家儿童医学中心",
        ],
        &["hospital\t国家儿童医学中心"],
    );
}

#[test]
fn an_occasion_is_no_honour() {
    check(
        "株洲市中医医院以创建“省级示范”专科为契机，持续提升服务能力。",
        &[],
        &["award\t株洲市中医医院\t省级示范专科为契机"],
    );
}

#[test]
fn a_hospital_naming_itself_by_its_ending_is_no_department() {
    check(
        "株洲市荷塘区桂花社区卫生服务中心党支部开展主题党日活动。社区卫生服务中心党支部书记柯雨桐带领党员走访了辖区老人。",
        &["role\t柯雨桐\t党支部书记\t株洲市荷塘区桂花社区卫生服务中心"],
        &[
            "role\t柯雨桐\t社区卫生服务中心党支部书记\t株洲市荷塘区桂花社区卫生服务中心",
            "branch\t社区卫生服务中心党支部\t株洲市荷塘区桂花社区卫生服务中心",
        ],
    );
}

#[test]
fn a_hospitals_discipline_commission_is_named_by_the_title() {
    check(
        "签约仪式上，湘潭市中医医院院长骆新宇致辞，株洲市中心医院纪委书记柯雨桐宣读协议。",
        &[
            "role\t柯雨桐\t纪委书记\t株洲市中心医院",
            "role\t骆新宇\t院长\t湘潭市中医医院",
        ],
        &["role\t柯雨桐\t书记\t株洲市中心医院纪委"],
    );
}

#[test]
fn a_verb_or_a_plural_of_levels_before_a_short_form_is_no_place() {
    check(
        "株洲市公布一批基本符合县医院服务能力标准的医院，醴陵市中医院在列，各区县医院院长到场。",
        &["hospital\t醴陵市中医院"],
        &["hospital\t符合县医院", "hospital\t区县医院"],
    );
}

#[test]
fn an_appointment_after_tongzhi_names_the_whole_university_hospital() {
    check(
        "经研究决定，柯雨桐同志任云岭科技大学湘江医学院附属松涛医院副院长。",
        &["role\t柯雨桐\t副院长\t云岭科技大学湘江医学院附属松涛医院"],
        &[],
    );
}

#[test]
fn a_bare_hospital_after_a_pair_is_the_first_party() {
    check(
        "湘潭市中医医院与醴陵市中医医院签订帮扶协议\n3月2日，湘潭市中医医院与醴陵市中医医院签署托管协议。医院党委书记柯雨桐在会上致辞。醴陵市中医医院院长骆新宇表示，醴陵市中医医院将借助帮扶提升能力，醴陵市中医医院全体职工将全力配合。",
        &[
            "role\t柯雨桐\t党委书记\t湘潭市中医医院",
            "role\t骆新宇\t院长\t醴陵市中医医院",
        ],
        &["role\t柯雨桐\t党委书记\t醴陵市中医医院"],
    );
    check(
        "醴陵市妇幼保健院与湘潭市中心医院共商医联体建设\n近日，我院与湘潭市中心医院举行合作交流会，院党委书记柯雨桐、副院长骆新宇参加。湘潭市中心医院院长韦一鸣介绍了湘潭市中心医院的发展情况，湘潭市中心医院将与醴陵市妇幼保健院加强合作。",
        &[
            "role\t柯雨桐\t党委书记\t醴陵市妇幼保健院",
            "role\t骆新宇\t副院长\t醴陵市妇幼保健院",
            "role\t韦一鸣\t院长\t湘潭市中心医院",
        ],
        &["role\t柯雨桐\t党委书记\t湘潭市中心医院"],
    );
}

#[test]
fn a_given_name_may_be_a_places_short_name() {
    check(
        "株洲市中心医院召开学术年会。会议于长沙召开，向湘潭市卫健委汇报。骆文彬、柯文山、韦长春荣获“优秀带教老师”称号。",
        &[
            "person\t柯文山",
            "award\t柯文山\t优秀带教老师",
            "award\t韦长春\t优秀带教老师",
            "award\t骆文彬\t优秀带教老师",
        ],
        &["person\t于长沙", "person\t向株洲"],
    );
}

#[test]
fn a_verb_before_a_level_short_form_or_a_school_is_no_name() {
    check(
        "来自县妇幼保健院的三名医生参加了培训。副校长代表学校与湘潭市中医医院签订协议，希望借助学校这个平台，这些离不开学校的支持。株洲市人民医院托管了通州松涛医院。",
        &["hospital\t湘潭市中医医院"],
        &[
            "hospital\t来自县妇幼保健院",
            "institution\t副校长代表学校\tschool",
            "institution\t希望借助学校\tschool",
            "institution\t些离不开学校\tschool",
            "hospital\t州松涛医院",
        ],
    );
}

#[test]
fn a_numbered_hospital_by_its_number_is_its_short_name() {
    check(
        "醴陵市第二医院召开职工大会。会后，湘潭市中心医院与醴陵二院签订协议，株洲市二医院也派人参加。株洲市第二人民医院院长骆新宇致辞。",
        &[
            "alias\t醴陵市第二医院\t醴陵二院",
            "partner\t湘潭市中心医院\t醴陵市第二医院",
            "alias\t株洲市第二人民医院\t株洲市二医院",
        ],
        &["partner\t湘潭市中心医院\t醴陵二院", "hospital\t醴陵二院"],
    );
}

#[test]
fn names_with_their_titles_after_them_share_the_organisation_named_first() {
    check(
        "株洲市口腔医院召开大会\n湘潭市中心医院骆新宇院长、柯雨桐书记、韦一鸣副院长等领导参加了会议。株洲市口腔医院副院长杜明远主持。株洲市口腔医院全体职工出席。",
        &[
            "role\t骆新宇\t院长\t湘潭市中心医院",
            "role\t柯雨桐\t书记\t湘潭市中心医院",
            "role\t韦一鸣\t副院长\t湘潭市中心医院",
            "role\t杜明远\t副院长\t株洲市口腔医院",
        ],
        &["role\t柯雨桐\t书记\t株洲市口腔医院"],
    );
}

#[test]
fn a_measure_word_or_an_ordinary_word_is_no_name() {
    check(
        "株洲市中心医院召开干部大会，宣读任免决定。本次评选中，1位护理院长、3名护理部主任获奖，关负责同志作了说明。",
        &["hospital\t株洲市中心医院"],
        &["person\t位护理", "person\t任免决", "person\t关负责"],
    );
}

#[test]
fn a_speakers_verb_or_an_adverb_opens_no_name() {
    check(
        "株洲市芦淞区召开表彰会，推出候选人8位。最终区中医医院康复科骆新宇获评“最美医生”。会上，柯雨桐表示区卫健委将继续支持，并指出湘潭市中心医院的经验值得学习。",
        &[
            "hospital\t芦淞区中医医院",
            "hospital\t湘潭市中心医院",
        ],
        &[
            "hospital\t最终区中医医院",
            "hospital\t指出湘潭市中心医院",
            "institution\t表示区卫健委\tgovernment",
        ],
    );
}

#[test]
fn a_clause_running_on_past_a_quoted_honour_is_cut_at_the_quote() {
    check(
        "株洲市中心医院儿科曾获得省级“巾帼文明岗”之后又一殊荣，今年又获评“湖南省卒中中心”认定。",
        &[
            "award\t株洲市中心医院\t省级巾帼文明岗",
            "award\t株洲市中心医院\t湖南省卒中中心",
        ],
        &[
            "award\t株洲市中心医院\t省级巾帼文明岗之后又一",
            "award\t株洲市中心医院\t湖南省卒中中心认定",
        ],
    );
}

#[test]
fn a_villages_or_a_parks_branch_is_a_partner_not_the_hospitals_own() {
    check(
        "湘潭市中心医院召开党建会议。湘潭市中心医院内科第一党支部与桂花村党总支开展党建交流，双方还与松涛科创园党支部一起开展联建活动。",
        &[
            "branch\t内科第一党支部\t湘潭市中心医院",
            "partner\t湘潭市中心医院\t桂花村党总支",
            "partner\t湘潭市中心医院\t松涛科创园党支部",
        ],
        &[
            "branch\t桂花村党总支\t湘潭市中心医院",
            "branch\t松涛科创园党支部\t湘潭市中心医院",
        ],
    );
}

#[test]
fn a_caption_line_with_a_title_stack_and_a_spaced_name_gives_the_roles() {
    check(
        "湘潭召开卫生健康工作会议\n\n湘潭市卫健委党组书记、主任 柯雨桐\n\n会上，湘潭市中心医院被评为先进单位。",
        &[
            "role\t柯雨桐\t党组书记\t湘潭市卫健委",
            "role\t柯雨桐\t主任\t湘潭市卫健委",
        ],
        &[],
    );
}

#[test]
fn a_short_form_of_the_table_is_the_same_body_as_its_full_form() {
    check(
        "湘潭县松涛医院召开干部大会\n今年春季，县卫生健康局到湘潭县松涛医院宣布任命，宣布会由县卫健局人事股股长柯雨桐主持。",
        &[
            "role\t柯雨桐\t人事股股长\t湘潭县卫生健康局",
            "alias\t湘潭县卫生健康局\t县卫健局",
        ],
        &[
            "role\t柯雨桐\t人事股股长\t湘潭县卫健局",
            "alias\t湘潭县卫生健康局\t湘潭县卫健局",
        ],
    );
}

#[test]
fn a_short_form_in_a_list_of_officials_takes_the_place_named_before_it() {
    check(
        "两省签约仪式举行\n仪式上，湖南省卫健委主任柯雨桐，省卫健委副主任杜明远，省发展改革委副主任骆新宇在长沙见证签约。江西省发展改革委副主任韦一鸣通过视频致辞。",
        &[
            "role\t骆新宇\t副主任\t湖南省发展改革委",
            "role\t韦一鸣\t副主任\t江西省发展改革委",
        ],
        &["role\t骆新宇\t副主任\t江西省发展改革委"],
    );
}

#[test]
fn a_verb_or_a_list_is_no_part_of_an_honour() {
    check(
        "株洲市中心医院召开表彰会。会上，株洲市中心医院荣获本届“湖南省文明单位”，还入选了建设名单。",
        &["award\t株洲市中心医院\t湖南省文明单位"],
        &[
            "award\t株洲市中心医院\t本届湖南省文明单位",
            "award\t株洲市中心医院\t建设名单",
        ],
    );
}

#[test]
fn a_numbered_hospitals_short_form_is_its_full_name() {
    check(
        "松涛医科大学附属第二医院托管湘潭县人民医院\n昨日，松涛医科大学附属第二医院与湘潭县人民医院签订托管协议，仪式在湘潭县人民医院举行。湘潭县委书记柯雨桐，松医二院党委书记骆新宇，松医附二院院长韦一鸣出席。会后，松医二院党支部书记杜明远带队查房。",
        &[
            "alias\t松涛医科大学附属第二医院\t松医二院",
            "alias\t松涛医科大学附属第二医院\t松医附二院",
            "role\t骆新宇\t党委书记\t松涛医科大学附属第二医院",
            "role\t韦一鸣\t院长\t松涛医科大学附属第二医院",
            "branch\t松涛医科大学附属第二医院党支部\t松涛医科大学附属第二医院",
        ],
        &[
            "role\t骆新宇\t党委书记\t湘潭县人民医院",
            "hospital\t松医附二院",
            "alias\t松涛医科大学附属第二医院党支部\t院党支部",
        ],
    );
}

#[test]
fn a_name_that_runs_on_in_a_bracket_is_no_alias_of_the_name_before_it() {
    check(
        "株洲松涛医院召开培训会\n本次培训由株洲松涛医院（湘潭医学院附属第一医院联盟医院）承办，湘潭医学院附属第一医院副院长柯雨桐授课。",
        &[
            "hospital\t湘潭医学院附属第一医院",
            "role\t柯雨桐\t副院长\t湘潭医学院附属第一医院",
        ],
        &["alias\t株洲松涛医院\t湘潭医学院附属第一医院"],
    );
}

#[test]
fn titles_after_our_hospital_are_at_the_hospital_that_publishes_the_report() {
    check(
        "株洲市松涛医院专家团队入驻湘潭县人民医院\n近日，湘潭县人民医院举行专家工作站揭牌仪式，湘潭县人民医院院长韦一鸣主持。湘潭县人民医院将依托专家团队提升诊疗水平。我院党委书记柯雨桐，党委副书记、院长骆新宇出席仪式。",
        &[
            "role\t柯雨桐\t党委书记\t株洲市松涛医院",
            "role\t骆新宇\t院长\t株洲市松涛医院",
            "role\t韦一鸣\t院长\t湘潭县人民医院",
        ],
        &[
            "role\t柯雨桐\t党委书记\t湘潭县人民医院",
            "role\t骆新宇\t院长\t湘潭县人民医院",
        ],
    );
}

#[test]
fn what_a_title_of_honour_closes_is_the_honour_and_a_comma_list_of_titled_names_gets_it() {
    check(
        "湖南省表彰名中医\n省里授予12名专家国医大师荣誉称号。其中，湘潭市中心医院主任医师、教授柯雨桐获国医大师称号；株洲市中医院主任医师骆新宇，湘潭县人民医院主任医师、教授韦一鸣获全国名中医称号。",
        &[
            "award\t柯雨桐\t国医大师",
            "award\t骆新宇\t全国名中医",
            "award\t韦一鸣\t全国名中医",
        ],
        &[
            "award\t湘潭市中心医院\t12名专家国医大师",
            "award\t湘潭市中心医院\t国医大师",
        ],
    );
}

#[test]
fn a_citys_own_hospitals_and_an_adverb_before_an_ending_name_no_hospital() {
    check(
        "株洲市松涛医院召开座谈会\n会上，柯雨桐介绍了株洲市属医院改革进展。随后卫生院院长骆新宇发言。",
        &["hospital\t株洲市松涛医院"],
        &["hospital\t株洲市属医院", "hospital\t随后卫生院"],
    );
}

#[test]
fn words_that_follow_a_name_and_the_audit_office_are_no_part_of_a_name() {
    check(
        "株洲县人民医院开展联学共建\n8月4日，湘潭县审计局党支部与我院第四党支部（审计处、采购处）联合开展活动。院长韦一鸣与镇卫生院院长柯雨桐座谈，院长骆新宇簽約。院长强调，各项工程须按审计要求推进。",
        &["person\t柯雨桐", "person\t骆新宇"],
        &["person\t计处", "person\t计要求", "person\t柯雨桐座", "person\t骆新宇簽"],
    );
}

#[test]
fn a_township_of_three_characters_heads_its_own_posts() {
    check(
        "株洲县人民医院召开座谈会\n会议邀请了松涛岭乡党委书记韦一鸣、乡长柯雨桐参加。",
        &["role\t柯雨桐\t乡长\t松涛岭乡"],
        &["role\t柯雨桐\t乡长\t涛岭乡"],
    );
}

#[test]
fn a_place_before_yida_is_the_universitys_short_name_whole() {
    check(
        "省卫健委与株洲医大二院开展联学共建\n8月4日，省卫健委机关党支部与株洲医大二院第四党支部联合开展活动。",
        &["hospital\t株洲医大二院"],
        &["hospital\t洲医大二院"],
    );
}

#[test]
fn a_judgement_after_a_quoted_honour_and_counted_recipients_are_no_part_of_it() {
    check(
        "株洲市中心医院召开座谈会\n院长韦一鸣感谢柯雨桐同志带领团队完成任务，柯雨桐去年获评“株洲工匠”是实至名归。大会为8名“优秀青年志愿者”颁奖。",
        &["award\t柯雨桐\t株洲工匠"],
        &["award\t柯雨桐\t株洲工匠是实至名归", "award\t株洲市中心医院\t8名优秀青年志愿者"],
    );
}

#[test]
fn a_township_named_with_jia_and_after_a_function_word_is_whole() {
    check(
        "株洲县人民医院开展联系点工作\n院党委成员分别联系株洲县4家乡镇卫生院，即松岭镇卫生院、柯家铺镇卫生院、下桐湾乡卫生院、红岩镇卫生院。",
        &[
            "hospital\t松岭镇卫生院",
            "hospital\t柯家铺镇卫生院",
            "hospital\t下桐湾乡卫生院",
        ],
        &["hospital\t即松岭镇卫生院", "hospital\t家乡镇卫生院"],
    );
}

#[test]
fn bylines_in_traditional_characters_for_interviewers_and_in_a_datelines_brackets() {
    check(
        "松涛医院举行表彰大会\n松涛晚报讯 (采访人员柯雨桐) 16日上午，株洲市松涛医院举行表彰大会。",
        &["role\t柯雨桐\t采访人员\t松涛晚报"],
        &[],
    );
    check(
        "松濤醫院舉行表彰大會\n來源:雲嶺網 時間:2022-11-08 編輯:駱新宇\n株洲市松濤醫院舉行表彰大會。",
        &["person\t駱新宇"],
        &[],
    );
    check(
        "松涛医院举行表彰大会\n桐江网湘潭5月2日电(韦一鸣 杜明远)在青年节到来之际，株洲市松涛医院举行表彰大会。",
        &["person\t韦一鸣", "person\t杜明远"],
        &[],
    );
}

#[test]
fn the_head_of_an_organisations_office_holds_a_post_of_the_organisation() {
    check(
        "株洲市中心医院召开座谈会\n醴陵市人大常委会办公室主任柯雨桐、株洲市卫生健康委办公室副主任骆新宇出席。",
        &[
            "role\t柯雨桐\t办公室主任\t醴陵市人大常委会",
            "role\t骆新宇\t办公室副主任\t株洲市卫生健康委",
        ],
        &["institution\t醴陵市人大常委会办公室\tgovernment"],
    );
}

#[test]
fn a_universitys_own_clinical_hospital_is_not_its_partner() {
    check(
        "松涛大学与醴陵市签约\n5月1日，松涛大学、松涛大学附属第一医院与醴陵市人民医院签订合作协议。",
        &["partner\t松涛大学附属第一医院\t醴陵市人民医院"],
        &[
            "partner\t松涛大学\t松涛大学附属第一医院",
            "partner\t松涛大学附属第一医院\t松涛大学",
        ],
    );
}

#[test]
fn posts_joined_by_jian_are_each_held_at_their_own_body() {
    check(
        "湘潭市召开医改推进会\n湘潭市委组织部副部长兼湘潭市人社局党组书记、局长林正阳出席会议。",
        &[
            "role\t林正阳\t副部长\t湘潭市委组织部",
            "role\t林正阳\t党组书记\t湘潭市人社局",
            "role\t林正阳\t局长\t湘潭市人社局",
        ],
        &[],
    );
}

#[test]
fn a_party_title_after_the_name_takes_the_party_body_before_it() {
    check(
        "湘潭市中心医院召开表彰会\n会上，湘潭市中心医院党委骆新宇书记致辞。",
        &["person\t骆新宇", "role\t骆新宇\t党委书记\t湘潭市中心医院"],
        &["role\t骆新宇\t书记\t湘潭市中心医院"],
    );
}

#[test]
fn a_bare_bodys_name_is_the_body_the_document_names_in_full() {
    check(
        "株洲市卫生计生委召开专题会议\n6月3日，株洲市卫生计生委召开医联体建设专题会议。市政府副市长吴一帆、卫计委党委书记韦一鸣、卫计委主任杜明远出席会议。",
        &[
            "role\t韦一鸣\t党委书记\t株洲市卫生计生委",
            "role\t杜明远\t主任\t株洲市卫生计生委",
        ],
        &[],
    );
}

#[test]
fn an_academician_is_a_member_of_the_academy_named_before_the_title() {
    check(
        "湘潭市中心医院举行签约仪式\n5月8日，中国工程院院士、湘潭市中心医院院长柯雨桐出席签约仪式。",
        &[
            "role\t柯雨桐\t院士\t中国工程院",
            "role\t柯雨桐\t院长\t湘潭市中心医院",
        ],
        &[],
    );
}

#[test]
fn a_universitys_city_is_not_the_city_of_a_short_form_after_it() {
    check(
        "湘潭市中医院与株洲大学签约\n5月8日，湘潭市中医院与株洲大学签约。株洲大学副校长柯雨桐、湘潭市中医院院长骆新宇与市委常委、副市长韦一鸣共同揭牌。",
        &["role\t韦一鸣\t常委\t湘潭市委"],
        &[],
    );
}

#[test]
fn an_acting_head_and_a_postdoctoral_post_are_titles() {
    check(
        "醴陵市中医医院召开座谈会\n醴陵市委副书记、代市长林正阳，湘潭市中医药研究院中医学博士后、研究员韦一鸣出席。",
        &[
            "role\t林正阳\t代市长\t醴陵市",
            "role\t韦一鸣\t中医学博士后\t湘潭市中医药研究院",
            "role\t韦一鸣\t研究员\t湘潭市中医药研究院",
        ],
        &["role\t林正阳\t市长\t醴陵市"],
    );
}

#[test]
fn an_ordinal_affiliated_hospital_belongs_to_the_one_university_named() {
    check(
        "松涛大学附属蒙山医院揭牌\n松涛大学党委常委、副校长、第一附属医院党委书记柯雨桐出席揭牌仪式。",
        &["role\t柯雨桐\t党委书记\t松涛大学第一附属医院"],
        &[],
    );
}

#[test]
fn a_post_held_on_secondment_after_a_comma_is_held() {
    check(
        "湘潭市中心医院派出专家帮扶\n湘潭市中心医院中医科副主任医师柯雨桐，挂职醴陵市中医医院院长。骆新宇现任醴陵市人民医院副院长。",
        &[
            "role\t柯雨桐\t院长\t醴陵市中医医院",
            "role\t骆新宇\t副院长\t醴陵市人民医院",
        ],
        &[],
    );
}

#[test]
fn a_hospital_named_for_another_and_a_county_is_its_partner() {
    check(
        "湘潭市中心医院醴陵妇儿医院开诊\n4月8日，湘潭市中心医院醴陵妇儿医院开诊，湘潭市中心医院副院长洪一鸣、阎新宇出席。该院同日加入湖南儿科发展联盟。",
        &[
            "hospital\t湘潭市中心医院醴陵妇儿医院",
            "partner\t湘潭市中心医院\t湘潭市中心医院醴陵妇儿医院",
            "role\t洪一鸣\t副院长\t湘潭市中心医院",
            "role\t阎新宇\t副院长\t湘潭市中心医院",
            "institution\t湖南儿科发展联盟\tother",
        ],
        &["hospital\t醴陵妇儿医院"],
    );
    // A hospital's second name after it, opened by a place's full name, is a name of its own.
    check(
        "5月2日，松涛大学附属儿童医院湘潭医院湘潭市儿童医院与醴陵市人民医院签约。",
        &["hospital\t湘潭市儿童医院"],
        &["hospital\t松涛大学附属儿童医院湘潭医院湘潭市儿童医院"],
    );
}

#[test]
fn an_honour_before_which_a_name_and_an_honorific_stand_is_the_persons() {
    check(
        "湘潭市中心医院召开表彰会。湘潭市中心医院肿瘤科主任柯雨桐教授荣获湖南省优秀医师称号。",
        &["award\t柯雨桐\t湖南省优秀医师"],
        &["award\t湘潭市中心医院\t湖南省优秀医师"],
    );
}

#[test]
fn an_autonomous_prefectures_bodies_and_heads_go_by_its_short_name() {
    check(
        "湘西土家族苗族自治州人民医院召开年度大会。州卫生健康委副主任柯雨桐、副州长骆新宇出席会议。州委副书记韦一鸣讲话。",
        &[
            "role\t柯雨桐\t副主任\t湘西州卫生健康委",
            "role\t骆新宇\t副州长\t湘西州",
            "role\t韦一鸣\t副书记\t湘西州委",
            "located\t湘西土家族苗族自治州人民医院\t湘西土家族苗族自治州",
        ],
        &[
            "role\t柯雨桐\t副主任\t湘西土家族苗族自治州卫生健康委",
        ],
    );
    // 州长 alone is no title: it straddles a city's name and the next word.
    check(
        "福州长乐区医院派员参加。",
        &["hospital\t长乐区医院"],
        &["person\t乐区"],
    );
}

#[test]
fn a_society_is_a_partner_by_agreement_not_by_hosting_a_congress() {
    check(
        "株洲市中心医院神经内科团队赴京参会。5月13日，由中华神经病学会和中国老年健康研究会联合主办的2026年全国脑血管病大会在北京召开。松涛市妇幼保健协会与湘潭市中心医院签订合作协议。",
        &["partner\t湘潭市中心医院\t松涛市妇幼保健协会"],
        &["partner\t株洲市中心医院\t中华神经病学会"],
    );
}

#[test]
fn a_name_never_reaches_back_over_a_verb_of_attending_or_aid() {
    check(
        "株洲市芦淞区区长柯雨桐出席湘潭市中心医院揭牌仪式。醴陵援建小组援建茶陵县人民医院。",
        &["hospital\t湘潭市中心医院", "hospital\t茶陵县人民医院"],
        &[
            "hospital\t株洲市芦淞区区长柯雨桐出席湘潭市中心医院",
            "hospital\t醴陵援建小组援建茶陵县人民医院",
        ],
    );
}

#[test]
fn a_universitys_teaching_hospital_is_a_standing_not_a_hospital() {
    check(
        "株洲市中心医院正式成为湘潭医学院教学医院。",
        &["award\t株洲市中心医院\t湘潭医学院教学医院"],
        &["hospital\t湘潭医学院教学医院"],
    );
}

#[test]
fn a_post_at_a_bare_kind_of_hospital_is_at_the_one_of_that_kind_named_last() {
    check(
        "株洲市中心医院专家赴醴陵市白兔潭镇中心卫生院义诊。随后卫生院院长柯雨桐介绍了卫生院的情况。株洲市中心医院院长骆新宇讲话。",
        &[
            "role\t柯雨桐\t院长\t醴陵市白兔潭镇中心卫生院",
            "role\t骆新宇\t院长\t株洲市中心医院",
        ],
        &["role\t柯雨桐\t院长\t株洲市中心医院"],
    );
}

#[test]
fn psychiatric_centres_and_family_planning_bodies_are_named_whole() {
    // 精神卫生中心 is a hospital's own ending; 卫生和计划生育局 keeps its 和 (the body's name
    // before 2018); 调研 ends a name, as the verbs before it do.
    check(
        "株洲市精神卫生中心党总支书记柯雨桐、院长骆新宇陪同。醴陵市卫生和计划生育局局长韦一鸣出席。\
         湘潭市人大代表到松涛街道社区卫生服务中心调研。",
        &[
            "hospital\t株洲市精神卫生中心",
            "role\t柯雨桐\t党总支书记\t株洲市精神卫生中心",
            "role\t骆新宇\t院长\t株洲市精神卫生中心",
            "role\t韦一鸣\t局长\t醴陵市卫生和计划生育局",
            "hospital\t松涛街道社区卫生服务中心",
        ],
        &["hospital\t湘潭市人大代表到松涛街道社区卫生服务中心"],
    );
}

#[test]
fn honours_counted_or_listed_each_with_its_verb_go_to_their_own_recipients() {
    // 1个X is the honour X; 1名X went to a member nobody names. In A评为X、B评为Y each item
    // before its own verb is that verb's recipient, and one hkg cannot read gets nothing,
    // not the sentence's subject.
    check(
        "共青团湖南省委近日授予12个团组织省级五四红旗团委称号。\
         过去一年,株洲市中心医院团委先后获得1个省级“青年文明号”、2名市级“优秀团干部”。\
         其中,醴陵市人民医院评为省级文明单位、湘潭市中医医院第三团支部评为省级五四红旗团支部、\
         醴陵市松涛中学教师评为全国优秀共青团员。",
        &[
            "award\t株洲市中心医院团委\t省级青年文明号",
            "award\t第三团支部\t省级五四红旗团支部",
        ],
        &[
            "award\t株洲市中心医院团委\t1个省级青年文明号",
            "award\t株洲市中心医院团委\t2名市级优秀团干部",
            "award\t共青团湖南省委\t团组织省级五四红旗团委",
            "award\t醴陵市人民医院\t省级五四红旗团支部",
            "award\t醴陵市人民医院\t全国优秀共青团员",
        ],
    );
}

#[test]
fn a_paper_that_reports_an_event_is_no_partner() {
    check(
        "湘潭日报5月8日讯(记者 柯雨桐)近日,醴陵市人民医院与株洲市中心医院签约,双方将携手深化医疗协作。",
        &["partner\t醴陵市人民医院\t株洲市中心医院"],
        &[
            "partner\t醴陵市人民医院\t湘潭日报",
            "partner\t株洲市中心医院\t湘潭日报",
        ],
    );
}

#[test]
fn a_town_opened_by_na_and_our_branches_beside_its_branch() {
    // 那 opens many towns' names in the south-west; 我院's branches are the report's own
    // hospital's, and so are the ones listed after them, though the town's centre is named
    // more often.
    check(
        "株洲市中医医院:党建共建结硕果——我院三个党支部与那桐镇中心卫生院党支部开展活动\n\
         本月,我院外科第一党支部、骨伤科党支部与那桐镇中心卫生院党支部一起开展了活动。\n\
         会上,那桐镇中心卫生院党支部书记柯雨桐介绍了情况,卫生院院长骆新宇发言。",
        &[
            "hospital\t那桐镇中心卫生院",
            "branch\t外科第一党支部\t株洲市中医医院",
            "branch\t骨伤科党支部\t株洲市中医医院",
            "role\t柯雨桐\t党支部书记\t那桐镇中心卫生院",
        ],
        &[
            "hospital\t桐镇中心卫生院",
            "branch\t外科第一党支部\t那桐镇中心卫生院",
        ],
    );
}

#[test]
fn a_place_head_before_a_party_post_in_one_stack_serves_the_city() {
    // 副市长、县委书记A: the first post names no body and opens the clause; it is held where a
    // lone 副市长 would be. One after a bracket closing a name is not read so.
    check(
        "近日,株洲市中心医院与攸县人民医院签署帮扶协议。副市长、县委书记骆新宇出席仪式并致辞。\
         国家松涛医学中心(南院)主任、攸县人民医院名誉院长柯雨桐讲话。",
        &[
            "role\t骆新宇\t书记\t攸县县委",
            "role\t骆新宇\t副市长\t株洲市",
        ],
        &[
            "role\t柯雨桐\t主任\t株洲市中心医院",
            "role\t柯雨桐\t主任\t攸县人民医院",
        ],
    );
}

#[test]
fn a_centres_post_after_its_second_name_in_brackets() {
    // 宣教中心 and 保健中心 end a body's name; its second name in brackets stands between it
    // and the posts, which are still held there, not at the hospital the group visits.
    check(
        "5月19日上午,湖南省卫生健康宣教中心(省中医药推广交流中心)党委书记、主任柯雨桐,\
         株洲市保健中心副主任骆新宇带领调研组到醴陵市中医院调研。",
        &[
            "role\t柯雨桐\t党委书记\t湖南省卫生健康宣教中心",
            "role\t柯雨桐\t主任\t湖南省卫生健康宣教中心",
            "role\t骆新宇\t副主任\t株洲市保健中心",
        ],
        &["role\t柯雨桐\t主任\t醴陵市中医院"],
    );
}

#[test]
fn clinics_for_one_disease_are_hospitals_and_a_demand_is_no_part_of_a_name() {
    check(
        "醴陵市精神病防治所所长柯雨桐出席。副县长骆新宇要求渌口镇卫生院做好准备。",
        &[
            "hospital\t醴陵市精神病防治所",
            "role\t柯雨桐\t所长\t醴陵市精神病防治所",
            "hospital\t渌口镇卫生院",
        ],
        &["hospital\t要求渌口镇卫生院"],
    );
}

#[test]
fn a_reporter_writes_for_the_paper_whose_dateline_opens_the_report() {
    check(
        "湘潭日报5月8日讯(全媒体记者 柯雨桐)近日,株洲市中心医院与醴陵市人民医院签约。",
        &["role\t柯雨桐\t全媒体记者\t湘潭日报"],
        &[],
    );
}

#[test]
fn a_bare_county_hospital_is_the_one_the_report_names_in_full() {
    // 县医院 alone is the one county hospital named in full; with two of them it stays unread.
    check(
        "攸县人民医院与株洲市中心医院签约组建医联体,渌口镇卫生院院长柯雨桐以及县医院副院长骆新宇、\
         副院长韦一鸣出席。",
        &[
            "alias\t攸县人民医院\t县医院",
            "role\t骆新宇\t副院长\t攸县人民医院",
            "role\t韦一鸣\t副院长\t攸县人民医院",
        ],
        &["role\t骆新宇\t副院长\t渌口镇卫生院"],
    );
    check(
        "攸县人民医院、茶陵县人民医院与株洲市中心医院签约。县医院副院长骆新宇出席。",
        &[],
        &[
            "alias\t攸县人民医院\t县医院",
            "alias\t茶陵县人民医院\t县医院",
        ],
    );
}

#[test]
fn a_county_committees_post_is_never_the_visiting_hospitals() {
    // The report never names the county: 县委副书记 and 县纪委书记 are held at bodies it cannot
    // name, so no role, and never at the hospital it is about.
    check(
        "株洲市中心医院与县人民医院的帮扶工作会议在县政府召开。县委副书记、代县长柯雨桐,\
         县委常委、县纪委书记骆新宇到会。株洲市中心医院院长韦一鸣讲话。",
        &["role\t韦一鸣\t院长\t株洲市中心医院"],
        &[
            "role\t柯雨桐\t副书记\t株洲市中心医院",
            "role\t骆新宇\t纪委书记\t株洲市中心医院",
            "role\t骆新宇\t常委\t株洲市中心医院",
        ],
    );
}

#[test]
fn an_honour_is_not_its_own_recipient_nor_a_word_pointing_back_at_one() {
    check(
        "醴陵市人民医院去年首次获得此“国”字号荣誉,全院上下倍受鼓舞。\
         日前,松涛片区一家诊所获评“湖南省示范中医馆社区卫生服务中心”称号。\
         湖南省示范中医馆社区卫生服务中心由省里每年评定一次,\
         湖南省示范中医馆社区卫生服务中心名单已公布。",
        &[],
        &[
            "award\t醴陵市人民医院\t此国字号",
            "award\t湖南省示范中医馆社区卫生服务中心\t湖南省示范中医馆社区卫生服务中心",
        ],
    );
}

#[test]
fn an_unquoted_honour_granted_to_listed_hospitals() {
    check(
        "日前,湖南省精神文明建设委员会印发决定,授予株洲市中心医院湖南省文明单位标兵荣誉称号,\
         授予醴陵市人民医院、攸县人民医院湖南省文明单位荣誉称号。",
        &[
            "award\t株洲市中心医院\t湖南省文明单位标兵",
            "award\t醴陵市人民医院\t湖南省文明单位",
            "award\t攸县人民医院\t湖南省文明单位",
        ],
        &["award\t醴陵市人民医院\t醴陵市人民医院湖南省文明单位"],
    );
}

#[test]
fn reviewers_signing_a_page_are_people() {
    check(
        "株洲市中心医院召开会议。\n审稿:骆新宇\n核稿:韦一鸣",
        &["person\t骆新宇", "person\t韦一鸣"],
        &[],
    );
}

#[test]
fn a_post_in_the_hospitals_group_keeps_the_stack_at_the_hospital() {
    check(
        "会上,株洲市中心医院党委书记、医共体理事长柯雨桐作报告,\
         株洲市中心医院院长、医疗集团副理事长骆新宇主持。",
        &[
            "role\t柯雨桐\t党委书记\t株洲市中心医院",
            "role\t柯雨桐\t医共体理事长\t株洲市中心医院",
            "role\t骆新宇\t院长\t株洲市中心医院",
            "role\t骆新宇\t医疗集团副理事长\t株洲市中心医院",
        ],
        &[],
    );
}

#[test]
fn every_hospital_listed_before_an_honour_receives_it() {
    check(
        "株洲市中心医院、醴陵市人民医院双双获评省级文明单位。\n\
         近日,省卫健委授予湘潭市第一人民医院、仁济医院、桐江医院省级平安医院称号。",
        &[
            "award\t株洲市中心医院\t省级文明单位",
            "award\t醴陵市人民医院\t省级文明单位",
            "hospital\t仁济医院",
            "award\t仁济医院\t省级平安医院",
            "award\t桐江医院\t省级平安医院",
            "award\t湘潭市第一人民医院\t省级平安医院",
        ],
        &[],
    );
}

#[test]
fn a_friendship_hospital_is_named_whole() {
    check(
        "3月8日，中日友好医院的两位专家在攸县人民医院坐诊。中法友谊医院与攸县人民医院签署协议，中法友谊医院院长柯雨桐出席。",
        &[
            "hospital\t中日友好医院",
            "hospital\t中法友谊医院",
            "role\t柯雨桐\t院长\t中法友谊医院",
            "partner\t中法友谊医院\t攸县人民医院",
        ],
        &[],
    );
}

#[test]
fn a_notice_lists_nurses_under_the_short_form_of_their_honour() {
    check(
        "醴陵市卫生健康局关于表彰第三届“醴陵市优秀护士”的通报\n\
         各医疗单位:\n\
         经各单位推荐、评审小组评议,评出第三届“醴陵市优秀护士”4名,现予以通报表彰。\n\
         一、优秀护士\n\
         柯雨桐 市人民医院\n\
         韦 敏 市妇保院\n\
         骆新宇 枫林中心卫生院\n\
         汤晓岚 市中医院\n\
         希望受表彰的同志再接再厉。",
        &[
            "award\t柯雨桐\t第三届醴陵市优秀护士",
            "award\t韦敏\t第三届醴陵市优秀护士",
            "award\t骆新宇\t第三届醴陵市优秀护士",
            "award\t汤晓岚\t第三届醴陵市优秀护士",
            "hospital\t醴陵市妇保院",
            "hospital\t枫林中心卫生院",
        ],
        &[],
    );
}

#[test]
fn an_honour_for_a_carer_is_read_without_quotes() {
    check(
        "近日,攸县人民医院护士柯雨桐被评为株洲市优秀护士,骆新宇获评湖南省最美医生。",
        &[
            "award\t柯雨桐\t株洲市优秀护士",
            "award\t骆新宇\t湖南省最美医生",
        ],
        &[],
    );
}

#[test]
fn a_companys_hospital_is_one_name() {
    check(
        "株洲煤业公司总医院心内科主管护师柯雨桐、湘潭钢铁集团职工医院院长骆新宇出席座谈会。",
        &[
            "hospital\t株洲煤业公司总医院",
            "hospital\t湘潭钢铁集团职工医院",
            "role\t柯雨桐\t心内科主管护师\t株洲煤业公司总医院",
            "role\t骆新宇\t院长\t湘潭钢铁集团职工医院",
        ],
        &[],
    );
}

#[test]
fn departments_listed_before_an_honour_give_it_to_their_hospitals() {
    check(
        "攸县人民医院儿科、醴陵市中医院康复科荣获株洲市“青年文明号”称号。\
         湘潭市中心医院被市委、市政府授予“优质服务窗口”称号。",
        &[
            "award\t攸县人民医院\t株洲市青年文明号",
            "award\t醴陵市中医院\t株洲市青年文明号",
            "award\t湘潭市中心医院\t优质服务窗口",
        ],
        &["award\t湘潭市政府\t优质服务窗口"],
    );
}

#[test]
fn an_aim_or_a_plan_is_no_honour_but_a_hospital_that_earns_one_is() {
    check(
        "攸县人民医院提出以创建“省级文明单位”为年度目标,并把此项工作纳入医院发展规划。\
         今年,攸县人民医院荣膺市级文明单位。",
        &["award\t攸县人民医院\t市级文明单位"],
        &[
            "award\t攸县人民医院\t省级文明单位为年度目标",
            "award\t攸县人民医院\t医院发展规划",
        ],
    );
}

#[test]
fn a_provinces_departments_hold_their_officials_posts() {
    check(
        "湖南省卫健委规划处处长柯雨桐、省住建厅城市建设处副处长骆新宇、\
         株洲市医管局局长韦一鸣一行到攸县人民医院检查。",
        &[
            "role\t骆新宇\t城市建设处副处长\t湖南省住建厅",
            "role\t韦一鸣\t局长\t株洲市医管局",
        ],
        &["role\t骆新宇\t省住建厅城市建设处副处长\t湖南省卫健委"],
    );
}

#[test]
fn a_placed_looking_name_that_ends_an_institutions_hospital_is_its_short_form() {
    check(
        "中国医学科学院广安门医院与攸县中医院签订帮扶协议。此次合作实现了广安门医院与攸县中医院的优势互补。",
        &[
            "alias\t中国医学科学院广安门医院\t广安门医院",
            "partner\t中国医学科学院广安门医院\t攸县中医院",
        ],
        &["partner\t中国医学科学院广安门医院\t广安门医院"],
    );
}

#[test]
fn branch_ordinals_listed_together_share_their_unit_and_department() {
    check(
        "仁济医院护理第一、第三党支部近日与枫林村党支部结成对子。\
         八〇二医院第五、第十一党支部与渌口镇新塘社区第四、第七党支部一起开展结对共建。\
         攸县人民医院副院长柯雨桐带领内科三支部党员开展义诊,增强党支部的凝聚力。",
        &[
            "hospital\t仁济医院",
            "branch\t护理第一党支部\t仁济医院",
            "branch\t护理第三党支部\t仁济医院",
            "hospital\t八〇二医院",
            "branch\t第五党支部\t八〇二医院",
            "branch\t第十一党支部\t八〇二医院",
            "partner\t八〇二医院\t渌口镇新塘社区第四党支部",
            "branch\t内科三支部\t攸县人民医院",
        ],
        &[
            "branch\t新塘社区第四党支部\t八〇二医院",
            "branch\t领内科三支部\t攸县人民医院",
            "branch\t增强党支部\t攸县人民医院",
        ],
    );
}

#[test]
fn an_army_hospital_is_named_by_its_number() {
    check(
        "上周,解放军第九八〇医院的专家来到醴陵市中医院坐诊三天。",
        &["hospital\t解放军第九八〇医院"],
        &[],
    );
}

#[test]
fn a_body_that_runs_an_event_with_a_hospital_is_its_partner() {
    check(
        "4月28日下午,新塘街道党工委联合攸县中医医院党委召开主题党日活动。\
         5月6日,渌口镇团委与醴陵市人民医院团委联合开展志愿服务。",
        &[
            "partner\t攸县中医医院\t新塘街道党工委",
            "partner\t醴陵市人民医院\t渌口镇团委",
        ],
        &[],
    );
}

#[test]
fn a_department_may_hold_latin_capitals_and_a_post_its_kind_of_deputy() {
    check(
        "攸县人民医院B超室主任柯雨桐、CT室主任骆新宇、业务副院长韦一鸣出席。",
        &[
            "role\t柯雨桐\tB超室主任\t攸县人民医院",
            "role\t骆新宇\tCT室主任\t攸县人民医院",
            "role\t韦一鸣\t业务副院长\t攸县人民医院",
        ],
        &[],
    );
}

#[test]
fn a_hospital_is_named_by_its_own_name_before_its_groups() {
    check(
        "攸县新闻网讯 县医疗集团(县人民医院)本月又有两个专科入选省级重点专科。\
         攸县人民医院院长柯雨桐表示将继续努力。",
        &[
            "hospital\t攸县人民医院",
            "alias\t攸县人民医院\t县医疗集团",
            "role\t柯雨桐\t院长\t攸县人民医院",
        ],
        &["hospital\t攸县医疗集团"],
    );
}

#[test]
fn a_branch_may_be_numbered_in_figures() {
    check(
        "攸县人民医院医技4党支部、行政1支部与2023年度先进党支部代表座谈。",
        &[
            "branch\t医技4党支部\t攸县人民医院",
            "branch\t行政1支部\t攸县人民医院",
        ],
        &["branch\t2023年度先进党支部\t攸县人民医院"],
    );
}

#[test]
fn no_name_begins_inside_a_place_an_organisation_or_a_caption() {
    check(
        "研讨会于湖南省长沙市举行。吉林省长春市桂花社区卫生服务中心入选。\
         市妇女工作委员会办公室日前通报表扬先进个人。副县长沙建国出席。护士长柯雨桐(右二)在颁奖现场留影。",
        &["person\t沙建国", "person\t柯雨桐"],
        &[
            "person\t沙市举",
            "person\t春市桂",
            "person\t公室",
            "person\t右二",
        ],
    );
}

#[test]
fn credits_before_their_slash_and_a_spaced_sign_off_name_people() {
    check(
        "攸县人民医院举办义诊活动。(柯雨桐/文 骆新宇/审核 韦一鸣/图)\n\
         醴陵市中医院开展健康讲座。(汤晓岚 报道)",
        &[
            "person\t柯雨桐",
            "person\t骆新宇",
            "person\t韦一鸣",
            "person\t汤晓岚",
        ],
        &[],
    );
}

#[test]
fn a_maternal_hospital_shortened_to_its_last_words_is_the_same_hospital() {
    check(
        "攸县妇幼保健院院长柯雨桐表示,攸县保健院将与株洲市中心医院加强合作。",
        &[
            "alias\t攸县妇幼保健院\t攸县保健院",
            "partner\t攸县妇幼保健院\t株洲市中心医院",
        ],
        &["hospital\t攸县保健院"],
    );
}

#[test]
fn infectious_disease_hospitals_sanatoriums_and_clinics_are_hospitals() {
    check(
        "株洲市传染病院与攸县人民医院签约。醴陵市精神病院院长柯雨桐、渌口镇卫生所所长骆新宇、\
         湘潭市职工疗养院院长韦一鸣出席。",
        &[
            "hospital\t株洲市传染病院",
            "partner\t株洲市传染病院\t攸县人民医院",
            "role\t柯雨桐\t院长\t醴陵市精神病院",
            "role\t骆新宇\t所长\t渌口镇卫生所",
            "role\t韦一鸣\t院长\t湘潭市职工疗养院",
        ],
        &[],
    );
}

#[test]
fn news_sites_and_congresses_are_institutions_and_a_site_is_never_honoured() {
    check(
        "株洲新闻网 健康频道讯 桂花社区卫生服务中心日前被省卫健委授予“群众满意基层医疗机构”称号。\n\
         株洲市人大、株洲市文明办领导到攸县人民医院调研。(来源:湘江晨报官网)",
        &[
            "institution\t株洲市人大\tgovernment",
            "institution\t株洲市文明办\tgovernment",
            "institution\t株洲新闻网\tmedia",
            "institution\t湘江晨报\tmedia",
        ],
        &[
            "award\t株洲新闻网\t群众满意基层医疗机构",
            "person\t官网",
        ],
    );
}

#[test]
fn a_given_name_may_end_in_ling_when_no_word_it_begins_follows() {
    check(
        "攸县人民医院党委书记、院长骆新领列席会议。副院长柯雨桐领导全院开展检查。",
        &[
            "role\t骆新领\t院长\t攸县人民医院",
            "role\t柯雨桐\t副院长\t攸县人民医院",
        ],
        &["person\t骆新", "person\t柯雨桐领"],
    );
}

#[test]
fn the_big_hospitals_in_general_are_no_hospital() {
    check(
        "攸县中医院与株洲市中心医院签约,使百姓就近享受省属大医院的服务,\
         不出县就能看上和大医院一样的专家门诊。",
        &["partner\t攸县中医院\t株洲市中心医院"],
        &["hospital\t省属大医院", "partner\t攸县中医院\t省属大医院"],
    );
}

#[test]
fn a_universitys_first_hospital_may_be_written_fu_shu_yi_yuan() {
    check(
        "近日,株洲医学院附属一院心内科护士长柯雨桐获评省最美护士。",
        &[
            "hospital\t株洲医学院附属一院",
            "role\t柯雨桐\t心内科护士长\t株洲医学院附属一院",
        ],
        &["role\t柯雨桐\t附属一院心内科护士长\t株洲医学院"],
    );
}

#[test]
fn an_offices_head_named_before_the_post_is_held_at_the_offices_body() {
    check(
        "攸县中医院柯雨桐书记、骆新宇副院长、医务处韦一鸣处长,株洲医学院教务处汤晓岚副处长出席。",
        &[
            "role\t韦一鸣\t医务处处长\t攸县中医院",
            "role\t汤晓岚\t教务处副处长\t株洲医学院",
        ],
        &[],
    );
}

#[test]
fn a_hospitals_research_institute_head_holds_the_post_at_the_hospital() {
    check(
        "攸县人民医院医技4党支部书记骆新宇、科研所所长柯雨桐、制剂中心主任韦一鸣参加。\
         株洲市中心医院肿瘤研究所所长汤晓岚出席。",
        &[
            "role\t柯雨桐\t科研所所长\t攸县人民医院",
            "role\t汤晓岚\t肿瘤研究所所长\t株洲市中心医院",
        ],
        &[],
    );
}

#[test]
fn an_honours_verb_inside_a_name_is_no_verb() {
    check(
        "近日,获嘉县人民医院、醴陵市人民医院获评省级文明单位。",
        &[
            "award\t获嘉县人民医院\t省级文明单位",
            "award\t醴陵市人民医院\t省级文明单位",
        ],
        &["award\t获嘉县人民医院\t嘉县人民医院"],
    );
}

#[test]
fn officials_posts_at_party_offices_other_bodies_and_one_character_counties() {
    // 组织部长 after 市委常委 is the city committee's; a 政协 post before a county head's post
    // keeps its own body; 茶陵县长 is the county's head written without a second 县; a county
    // named by one character keeps its level word before 县委 (攸县县委, not 攸县委).
    check(
        "衡阳市中心医院与攸县人民医院签订帮扶协议。衡阳市委常委、组织部长柯雨桐，\
         株洲市政协副主席、茶陵县县长汤晓岚出席。攸县县委副书记、茶陵县长蒲清扬致辞。",
        &[
            "role\t柯雨桐\t常委\t衡阳市委",
            "role\t柯雨桐\t组织部长\t衡阳市委",
            "role\t汤晓岚\t副主席\t株洲市政协",
            "role\t汤晓岚\t县长\t茶陵县",
            "role\t蒲清扬\t县长\t茶陵县",
        ],
        &["role\t蒲清扬\t县长\t攸县"],
    );
    check(
        "攸县人民医院召开帮扶工作会议。县委副书记骆新宇，副县长韦一鸣在县政府会见专家。",
        &[
            "role\t骆新宇\t副书记\t攸县县委",
            "role\t韦一鸣\t副县长\t攸县县政府",
        ],
        &["institution\t攸县委\tparty"],
    );
}

#[test]
fn honours_of_people_listed_with_their_units_and_honours_closed_by_more_words() {
    // Each item names a unit, maybe a department and a trade, then the person; a count may
    // close the list (共4名医务工作者). Every person listed receives the honour, never the last
    // unit.
    check(
        "在表彰大会上，区人民医院柯雨桐、骆新宇，区中医院韦一鸣，渌口镇卫生院汤晓岚\
         共4名医务工作者荣获“湖南省抗击疫情先进个人”。\
         湘潭市中心医院骨科医生蒲清扬、株洲市人民医院神经内科医生许文杰获得了十佳青年医生称号。",
        &[
            "award\t柯雨桐\t湖南省抗击疫情先进个人",
            "award\t骆新宇\t湖南省抗击疫情先进个人",
            "award\t韦一鸣\t湖南省抗击疫情先进个人",
            "award\t汤晓岚\t湖南省抗击疫情先进个人",
            "award\t蒲清扬\t十佳青年医生",
            "award\t许文杰\t十佳青年医生",
        ],
        &["award\t渌口镇卫生院\t湖南省抗击疫情先进个人"],
    );
    // 先后 before the verb, 光荣称号 and 称谓 after the honour, a series word before the next
    // quoted honour, and 表示祝贺 after a closing quote.
    check(
        "湘潭市中心医院召开表彰会。骨科主任柯雨桐先后荣获湖南省卫生系统先进工作者、\
         湖南省第二届“十佳医师”和第三届“优秀医德标兵”光荣称号。\
         醴陵市人民医院儿科荣膺“湖南省三八红旗集体”称谓。\
         大会对骆新宇同志荣获湖南省“五一劳动奖章”表示祝贺。",
        &[
            "award\t柯雨桐\t湖南省卫生系统先进工作者",
            "award\t柯雨桐\t湖南省第二届十佳医师",
            "award\t柯雨桐\t第三届优秀医德标兵",
            "award\t醴陵市人民医院\t湖南省三八红旗集体",
            "award\t骆新宇\t湖南省五一劳动奖章",
        ],
        &[
            "award\t湘潭市中心医院\t湖南省卫生系统先进工作者",
            "award\t骆新宇\t湖南省五一劳动奖章表示祝贺",
        ],
    );
}

#[test]
fn a_given_name_may_end_in_dang() {
    // 向党, 建党, 爱党: given names of a generation end in 党, by the rules alone as with the
    // tagger; 党委 after a name still ends it.
    let text = "攸县人民医院举行党建交流会。中共攸县县委统战部副部长林向党，\
                那桐镇镇长蒲清扬、党委副书记许文杰等陪同。院长骆新宇党委书记韦一鸣出席。";
    let (rules_only, tagged) = facts_without_and_with_tagger(text);
    for got in [rules_only, tagged] {
        assert!(
            got.iter()
                .any(|f| f == "role\t林向党\t副部长\t中共攸县县委统战部"),
            "{got:?}"
        );
        assert!(!got.iter().any(|f| f == "person\t骆新宇党"), "{got:?}");
    }
}

#[test]
fn a_bodys_ending_alone_is_the_one_body_of_that_ending_the_report_names() {
    // 卫健委 alone after the report names 衡阳市卫健委: that body. With two named (省卫健委
    // and 市卫健委) the bare ending names neither.
    check(
        "衡阳市卫健委到衡阳市中心医院宣布任免决定。随后，卫健委副主任、党组成员柯雨桐讲话。",
        &[
            "role\t柯雨桐\t党组成员\t衡阳市卫健委",
            "role\t柯雨桐\t副主任\t衡阳市卫健委",
        ],
        &["role\t柯雨桐\t副主任\t衡阳市中心医院"],
    );
    check(
        "湖南省卫健委、衡阳市卫健委在衡阳市中心医院召开大会。会上，卫健委副主任柯雨桐讲话。",
        &[],
        &[
            "role\t柯雨桐\t副主任\t湖南省卫健委",
            "role\t柯雨桐\t副主任\t衡阳市卫健委",
            "role\t柯雨桐\t副主任\t衡阳市中心医院",
        ],
    );
}

#[test]
fn a_trade_is_a_post_only_after_a_department() {
    // 心血管科医生A is A's post at the hospital named before it; 医生B, 青年医生C and 护士D only
    // name people; 金牌护士 names nobody; 主治医生 is a rank like 主治医师.
    check(
        "湘潭市中心医院骨科医生蒲清扬、株洲市人民医院神经内科医生许文杰获得十佳青年医生称号。\
         医生柯雨桐说，青年医生骆新宇和护士韦一鸣也在场。主治医生汤晓岚参加。\n金牌护士\n",
        &[
            "role\t蒲清扬\t骨科医生\t湘潭市中心医院",
            "role\t许文杰\t神经内科医生\t株洲市人民医院",
            "role\t汤晓岚\t主治医生\t株洲市人民医院",
            "person\t柯雨桐",
            "person\t韦一鸣",
        ],
        &[
            "role\t柯雨桐\t医生\t株洲市人民医院",
            "role\t骆新宇\t青年医生\t株洲市人民医院",
            "role\t韦一鸣\t护士\t株洲市人民医院",
            "person\t金牌",
        ],
    );
}

#[test]
fn a_villages_party_unit_holds_its_secretary() {
    // 五一村党支部 and 江南社区党总支 are named by the village or the community alone; their
    // secretaries serve there, never at the hospital the report is about.
    check(
        "株洲市中心医院开展结对共建活动。五一村党支部书记柯雨桐、江南社区党总支书记骆新宇出席。",
        &[
            "role\t柯雨桐\t书记\t五一村党支部",
            "role\t骆新宇\t书记\t江南社区党总支",
        ],
        &[
            "role\t柯雨桐\t五一村党支部书记\t株洲市中心医院",
            "role\t骆新宇\t江南社区党总支书记\t株洲市中心医院",
        ],
    );
}

#[test]
fn signatures_in_brackets_with_credit_words_and_an_office() {
    // Credit words between the names or before one, a sign-off with its place, and an office
    // opening the signature: the names are the people, the rest is not.
    check(
        "株洲新闻网讯（柯雨桐 湘潭报导）近日，株洲市中心医院举办义诊。\n\
         本次义诊惠及群众二百余人。（骆新宇 通讯员 韦一鸣）\n\
         医院将继续开展活动。（党院办 汤晓岚）\n",
        &[
            "person\t柯雨桐",
            "person\t骆新宇",
            "person\t韦一鸣",
            "person\t汤晓岚",
        ],
        &["person\t党院办", "person\t湘潭报导"],
    );
}

#[test]
fn credit_lines_with_a_spaced_head_a_maker_and_a_contact() {
    check(
        "株洲市中心医院举办健康讲座\n讲座由心内科专家主讲。\n联系人：柯雨桐，电话：0731-2345678\n\
         编 辑：骆新宇\n制作：韦一鸣\n",
        &["person\t柯雨桐", "person\t骆新宇", "person\t韦一鸣"],
        &[],
    );
}

#[test]
fn a_department_starts_after_a_stop_word_the_walk_ran_into() {
    // 其中呼吸内科主任A: 其中 is no part of the department; 组织部 keeps its 组织.
    check(
        "株洲市中心医院获评先进集体，其中呼吸内科主任柯雨桐获得先进个人称号。\
         株洲大学党委组织部部长骆新宇出席。",
        &[
            "role\t柯雨桐\t呼吸内科主任\t株洲市中心医院",
            "role\t骆新宇\t部长\t株洲大学党委组织部",
        ],
        &["role\t柯雨桐\t中呼吸内科主任\t株洲市中心医院"],
    );
}

#[test]
fn the_countrys_hospitals_of_a_kind_are_no_hospital() {
    check(
        "株洲市肿瘤医院在2023年中国医院发展指数榜单中名列全国肿瘤医院第39位，\
         全国儿童医院联席会议秘书长柯雨桐到院交流。",
        &["hospital\t株洲市肿瘤医院"],
        &[
            "hospital\t全国肿瘤医院",
            "hospital\t中国医院",
            "hospital\t全国儿童医院",
        ],
    );
}

#[test]
fn an_autonomous_county_by_its_short_name_and_kind() {
    // 城步自治县 is 城步苗族自治县 as its own bodies name it: the hospital's name is whole.
    check(
        "城步自治县人民医院开展乡村医生培训。",
        &["hospital\t城步自治县人民医院"],
        &["hospital\t自治县人民医院"],
    );
}

#[test]
fn a_scholar_addressed_as_professor_holds_no_post_unless_a_department_says_where() {
    check(
        "株洲市中心医院举行专家工作站揭牌仪式。柯雨桐教授强调，医院要加强学科建设。\
         湘潭市中心医院心内科骆新宇教授主刀完成手术，株洲市人民医院韦一鸣教授参加。",
        &[
            "person\t柯雨桐",
            "role\t骆新宇\t心内科教授\t湘潭市中心医院",
            "role\t韦一鸣\t教授\t株洲市人民医院",
        ],
        &["role\t柯雨桐\t教授\t株洲市中心医院"],
    );
}

#[test]
fn a_visiting_teams_members_hold_their_posts_at_the_teams_hospital() {
    // The team's sentence opens its own paragraph: the report's hospital is the host, but
    // the members' posts are at the hospital the team comes from.
    check(
        "攸县人民医院举行骨科专科联盟揭牌仪式。\n       株洲市中心医院专家团由柯雨桐副院长带队，\
         成员有外联办副主任骆新宇、骨科病区主任韦一鸣。\n攸县人民医院院长汤晓岚致辞。",
        &[
            "role\t柯雨桐\t副院长\t株洲市中心医院",
            "role\t骆新宇\t外联办副主任\t株洲市中心医院",
            "role\t韦一鸣\t骨科病区主任\t株洲市中心医院",
            "role\t汤晓岚\t院长\t攸县人民医院",
        ],
        &[
            "role\t骆新宇\t外联办副主任\t攸县人民医院",
            "role\t韦一鸣\t骨科病区主任\t攸县人民医院",
        ],
    );
}

#[test]
fn a_conjunction_before_a_level_word_is_no_one_character_place() {
    // 柯雨桐和县政府副县长骆新宇: 和 joins two people, 县政府 is the report's county's; after the
    // city it lies in, 和县 is the place.
    check(
        "攸县妇幼保健院新院区启用。市卫健委副主任柯雨桐和县政府副县长骆新宇出席活动。",
        &["role\t骆新宇\t副县长\t攸县县政府"],
        &[
            "institution\t和县县政府\tgovernment",
            "institution\t和县政府\tgovernment",
        ],
    );
    check(
        "马鞍山市和县人民医院举行义诊。",
        &["hospital\t马鞍山市和县人民医院"],
        &[],
    );
}

#[test]
fn a_hospital_whose_leaders_lead_a_visit_partners_the_hospitals_visited() {
    // X医院副院长A、B率专家团队赴Y、Z开展义诊: X is a party, not only A's and B's employer.
    check(
        "11月10日，湘潭市中心医院副院长柯雨桐、骆新宇率20余名专家赴攸县人民医院、\
         茶陵县人民医院开展义诊和交流活动。",
        &[
            "partner\t湘潭市中心医院\t攸县人民医院",
            "partner\t湘潭市中心医院\t茶陵县人民医院",
        ],
        &["partner\t攸县人民医院\t茶陵县人民医院"],
    );
}

#[test]
fn an_honours_holder_named_after_it_and_a_name_an_honour_bears() {
    // X获得者A: A holds X. The name inside an honour's name (“白求恩奖章”) is no person's, with
    // the tagger or without it. 园长 is a kindergarten's head.
    let text = "座谈会上，南丁格尔奖章获得者柯雨桐、湖南省五一劳动奖章获得者韦一鸣先后发言。\
                今年的“白求恩奖章”获得者将在大会上受到表彰。株洲市实验幼儿园园长汤晓岚出席。";
    let (rules_only, tagged) = facts_without_and_with_tagger(text);
    for got in [rules_only, tagged] {
        for f in [
            "award\t柯雨桐\t南丁格尔奖章",
            "award\t韦一鸣\t湖南省五一劳动奖章",
            "role\t汤晓岚\t园长\t株洲市实验幼儿园",
        ] {
            assert!(got.iter().any(|g| g == f), "missing {f} in {got:?}");
        }
        assert!(!got.iter().any(|g| g == "person\t白求恩"), "{got:?}");
        assert!(!got.iter().any(|g| g == "person\t南丁格尔"), "{got:?}");
    }
}

#[test]
fn a_democratic_partys_unit_in_a_hospital_leaves_the_hospitals_name_whole() {
    // 农工党X医院总支: the party's unit in the hospital; the hospital is X医院.
    check(
        "农工党湘潭市中心医院总支主委、心内科主任韦一鸣介绍了支部的工作。",
        &[
            "hospital\t湘潭市中心医院",
            "role\t韦一鸣\t心内科主任\t湘潭市中心医院",
        ],
        &["hospital\t农工党湘潭市中心医院"],
    );
}

#[test]
fn a_biographys_unnamed_subject_is_the_person_it_opens_with() {
    // A paragraph that opens with a name and a pause is about that person; 我院 still names
    // the hospital.
    check(
        "湘潭市中心医院举行表彰会。\n柯雨桐，女，主任医师，湘潭市中心医院护理部主任。\
         先后荣获湖南省优秀护理工作者、湘潭市三八红旗手等称号。\n\
         我院先后荣获湖南省文明单位称号。",
        &[
            "award\t柯雨桐\t湖南省优秀护理工作者",
            "award\t柯雨桐\t湘潭市三八红旗手",
            "award\t湘潭市中心医院\t湖南省文明单位",
        ],
        &["award\t湘潭市中心医院\t湖南省优秀护理工作者"],
    );
}

#[test]
fn a_joined_specialty_written_with_he_is_one_department() {
    // 呼吸和危重症医学科 is 呼吸与危重症医学科: the 和 does not end the department, and a list
    // of doctors with their units all receive the honour; a bare year before a quoted name is
    // no part of it, and the honour takes the fuller name the report quotes.
    check(
        "“2024衡阳十佳青年医生”评选揭晓。湘潭市中心医院呼吸和危重症医学科医生柯雨桐、\
         醴陵市人民医院骨科医生骆新宇荣获十佳青年医生称号。",
        &[
            "role\t柯雨桐\t呼吸和危重症医学科医生\t湘潭市中心医院",
            "award\t柯雨桐\t衡阳十佳青年医生",
            "award\t骆新宇\t衡阳十佳青年医生",
        ],
        &["role\t柯雨桐\t危重症医学科医生\t湘潭市中心医院"],
    );
}

#[test]
fn a_post_held_at_the_time_is_a_former_role() {
    check(
        "2001年，在现任院长、时任骨科主任柯雨桐的带领下，醴陵市人民医院开展了首例关节置换术。",
        &[
            "role\t柯雨桐\t院长\t醴陵市人民医院",
            "former_role\t柯雨桐\t骨科主任\t醴陵市人民医院",
        ],
        &["role\t柯雨桐\t任骨科主任\t醴陵市人民医院"],
    );
}

#[test]
fn a_dateline_with_the_place_filed_from_names_the_outlet() {
    // X日报某地讯: the outlet is X日报; the place before 讯 is nobody.
    check(
        "湘江日报衡阳讯（记者 柯雨桐 通讯员 骆新宇）近日，湘潭市中心医院开展义诊。",
        &["role\t柯雨桐\t记者\t湘江日报"],
        &["person\t衡阳讯", "role\t柯雨桐\t记者\t湘江日报衡阳"],
    );
}

#[test]
fn names_before_words_that_cannot_end_them() {
    // A photo credit's 摄, a pronoun and a disease are no part of a name; a name between its
    // unit and a speech verb is a person's.
    check(
        "图为义诊现场。湘江日报记者 柯雨桐摄\n有群众请教专家高血压怎么防。\
         醴陵市人民医院骆新宇介绍，由他主编的科普读物已经出版。副县长汤晓岚致辞。\
         副县长韦弼致欢迎辞。",
        &[
            "person\t柯雨桐",
            "person\t骆新宇",
            "person\t汤晓岚",
            "person\t韦弼",
        ],
        &[
            "person\t韦弼致",
            "person\t柯雨桐摄",
            "person\t高血压",
            "person\t由他",
            "person\t汤晓岚致",
        ],
    );
}

#[test]
fn a_name_after_a_conjunction_begins_at_its_place_or_level_word() {
    // A镇和B镇中心卫生院, X助理A和区人民医院: the name starts after the conjunction; a place
    // whose name holds 和 keeps it.
    check(
        "检查组走访了渌口镇和那桐镇中心卫生院。区政府区长助理柯雨桐和区人民医院负责人参加座谈。\
         和平镇卫生院举行义诊。",
        &["hospital\t那桐镇中心卫生院", "hospital\t和平镇卫生院"],
        &["hospital\t镇和那桐镇中心卫生院"],
    );
    let got = facts("区政府区长助理柯雨桐和区人民医院负责人参加座谈。");
    assert!(!got.iter().any(|f| f.contains("助理柯雨桐和")), "{got:?}");
}

#[test]
fn names_listed_after_their_departments_are_people() {
    // 由针灸科A、心内科B和妇产科C: each item names a department, then a person of it; a list
    // of departments alone names nobody.
    let text = "义诊当天，由针灸科柯雨桐、心血管内科骆新宇和妇产科韦一鸣为群众看诊。\
                医院开设内科、外科、妇产科和儿科。";
    let (rules_only, tagged) = facts_without_and_with_tagger(text);
    for got in [rules_only, tagged] {
        for f in ["person\t柯雨桐", "person\t骆新宇", "person\t韦一鸣"] {
            assert!(got.iter().any(|g| g == f), "missing {f} in {got:?}");
        }
        assert_eq!(
            got.iter().filter(|g| g.starts_with("person")).count(),
            3,
            "{got:?}"
        );
    }
}

#[test]
fn departments_named_with_a_word_that_ends_organisations_elsewhere() {
    // 综合 ends an organisation's name read leftwards (三级综合医院), but 综合处, 综合科 and the
    // like are departments, and so are 指导处, 国际医疗部 and 基层卫生健康处.
    check(
        "湖南省卫健委调研组来到湘潭市中心医院。随行的省卫健委医政综合处处长柯雨桐、\
         基层卫生健康处副处长骆新宇、医政指导处处长许文杰，湘潭市中心医院综合科主任韦一鸣、\
         国际医疗部主任汤晓岚、儿童保健科主任助理蒲清扬陪同。",
        &[
            "role\t柯雨桐\t医政综合处处长\t湖南省卫健委",
            "role\t许文杰\t医政指导处处长\t湖南省卫健委",
            "role\t骆新宇\t基层卫生健康处副处长\t湖南省卫健委",
            "role\t韦一鸣\t综合科主任\t湘潭市中心医院",
            "role\t汤晓岚\t国际医疗部主任\t湘潭市中心医院",
            "role\t蒲清扬\t儿童保健科主任助理\t湘潭市中心医院",
        ],
        &[],
    );
}

#[test]
fn a_hospital_whose_expert_leads_or_helps_the_work_is_a_partner() {
    // 在X医院专家A教授的帮扶下 and X医院主任A教授带领团队和Y合作: the hospital whose people do
    // the work is a party, not only their employer.
    check(
        "2022年5月，在湘潭市中心医院心内科专家柯雨桐教授的帮扶下，攸县人民医院胸痛中心建成。\
         衡阳市第一人民医院内镜中心主任骆新宇教授带领团队，和茶陵县人民医院同道合作完成手术。",
        &[
            "partner\t湘潭市中心医院\t攸县人民医院",
            "partner\t衡阳市第一人民医院\t茶陵县人民医院",
        ],
        &[],
    );
}

#[test]
fn the_people_a_source_line_names_after_its_unit() {
    // 来源：X医院 A B and 来源：X卫生局 A、B: the source's people signing the report.
    let text = "攸县中医院开展送医下乡活动。\n（来源：县中医院 柯雨桐 骆新宇）\n\
                来源：攸县卫生局 韦一鸣、汤晓岚 发布时间：2016-05-26\n";
    let (rules_only, _) = facts_without_and_with_tagger(text);
    for f in [
        "person\t柯雨桐",
        "person\t骆新宇",
        "person\t韦一鸣",
        "person\t汤晓岚",
    ] {
        assert!(
            rules_only.iter().any(|g| g == f),
            "missing {f} in {rules_only:?}"
        );
    }
}

#[test]
fn a_quoted_honours_list_gives_it_to_the_people_after_their_units() {
    // “X”名单, then lines of a unit and its person: the person receives X.
    check(
        "衡阳市举行医师节表彰会。\n“最美医生”名单\n攸县人民医院 柯雨桐\n茶陵县中医院 骆新宇\n\
         “最美医生提名奖”名单\n醴陵市人民医院 韦一鸣\n",
        &[
            "person\t柯雨桐",
            "award\t柯雨桐\t最美医生",
            "award\t骆新宇\t最美医生",
            "award\t韦一鸣\t最美医生提名奖",
        ],
        &["award\t攸县人民医院\t最美医生"],
    );
}

#[test]
fn the_people_who_speak_for_an_honours_holders_hold_it() {
    // 优秀医师代表A、B: A and B hold 优秀医师; a hospital's representative holds nothing.
    check(
        "表彰会上，优秀医师代表柯雨桐、骆新宇，优秀科主任代表韦一鸣作典型发言。\
         随后，湘潭市中心医院代表汤晓岚发言。",
        &[
            "award\t柯雨桐\t优秀医师",
            "award\t骆新宇\t优秀医师",
            "award\t韦一鸣\t优秀科主任",
        ],
        &["award\t汤晓岚\t湘潭市中心医院"],
    );
}

#[test]
fn a_papers_app_is_an_outlet_of_its_own() {
    // X日报客户端记者A: A reports for the paper's app; X新闻客户端 is an outlet too.
    check(
        "湘江日报客户端记者柯雨桐报道。\n湘江新闻客户端讯 近日，攸县人民医院举行义诊。",
        &[
            "role\t柯雨桐\t记者\t湘江日报客户端",
            "institution\t湘江新闻客户端\tmedia",
        ],
        &["role\t柯雨桐\t客户端记者\t湘江日报"],
    );
}

#[test]
fn a_committees_or_a_governments_office_written_short_is_the_body() {
    // 县委办主任A: A heads the county committee's office (县委办); 政府办公室主任 stays the
    // government's 办公室主任.
    check(
        "攸县人民医院举行揭牌仪式。茶陵县委办主任柯雨桐、茶陵县政府办副主任骆新宇，\
         衡阳市政府办公室主任韦一鸣出席。",
        &[
            "role\t柯雨桐\t主任\t茶陵县委办",
            "role\t骆新宇\t副主任\t茶陵县政府办",
            "role\t韦一鸣\t办公室主任\t衡阳市政府",
        ],
        &["role\t柯雨桐\t办主任\t茶陵县委"],
    );
}

#[test]
fn a_font_name_left_on_a_line_is_nobody() {
    // Pages copied from an editor may keep a font's name (宋体) on a line of its own.
    check(
        "湘潭市中心医院慰问基层医务人员\n宋体\n昨天中午，湘潭市中心医院副院长柯雨桐前往慰问。",
        &["person\t柯雨桐"],
        &["person\t宋体"],
    );
}

#[test]
fn departments_may_hold_words_that_stop_names_elsewhere() {
    // 超 (超过), 项 (一项), 日 (3日), 多 (多家) and 无 (无偿) end a name elsewhere, but not
    // inside 超声科, 项目组, 日间手术中心, 多学科诊疗中心 or 无痛中心.
    check(
        "醴陵市中医院超声科副主任柯雨桐、生命早期项目组医师骆新宇、日间手术中心主任韦一鸣\
         和多学科诊疗中心主任汤晓岚参加义诊。",
        &[
            "role\t柯雨桐\t超声科副主任\t醴陵市中医院",
            "role\t骆新宇\t生命早期项目组医师\t醴陵市中医院",
            "role\t韦一鸣\t日间手术中心主任\t醴陵市中医院",
            "role\t汤晓岚\t多学科诊疗中心主任\t醴陵市中医院",
        ],
        &["role\t柯雨桐\t声科副主任\t醴陵市中医院"],
    );
}

#[test]
fn a_headline_separator_is_no_part_of_a_name() {
    check(
        "健康湘潭行丨湘潭市第一人民医院党委书记柯雨桐走访社区",
        &["role\t柯雨桐\t党委书记\t湘潭市第一人民医院"],
        &["role\t柯雨桐\t党委书记\t健康湘潭行丨湘潭市第一人民医院"],
    );
}

#[test]
fn a_list_of_honourees_set_in_columns_under_its_heading() {
    // A heading that names the honour, a count, then rows of name and unit set in columns,
    // two-character names padded with spaces; blank lines between the rows. A row is not a
    // sentence broken across lines, and a row whose name the readers miss (从 is also a
    // preposition) does not end the list.
    let text = "2024年醴陵市优秀护士名单\n\n(4名)\n\n\n\
                从   岚  醴陵市人民医院发热门诊主管护师\n\n\
                柯雨桐  醴陵市人民医院急诊科护师\n\n\
                汤   岚  醴陵市中医院内二科主管护师\n\n\
                许文杰  醴陵市疾病预防控制中心免疫规划科主管护师\n\n\
                蒲清扬  醴陵市渌口镇卫生院护士\n";
    check(
        text,
        &[
            "role\t柯雨桐\t急诊科护师\t醴陵市人民医院",
            "role\t汤岚\t内二科主管护师\t醴陵市中医院",
            "role\t许文杰\t免疫规划科主管护师\t醴陵市疾病预防控制中心",
            "award\t柯雨桐\t醴陵市优秀护士",
            "award\t汤岚\t醴陵市优秀护士",
            "award\t许文杰\t醴陵市优秀护士",
            "award\t蒲清扬\t醴陵市优秀护士",
        ],
        &[
            "role\t汤   岚\t内二科主管护师\t醴陵市中医院",
            "role\t蒲清扬\t免疫规划科主管护师\t醴陵市疾病预防控制中心",
            "role\t汤岚\t免疫规划科主管护师\t醴陵市疾病预防控制中心",
        ],
    );
}

#[test]
fn a_company_name_keeps_its_trade_words_and_its_full_ending() {
    // 有 of 有限公司 and 建设 of a company's trade stop names in prose, not inside a company's
    // name; 集团有限公司 is one ending, not a group and a second company.
    check(
        "攸县人民医院与湘潭钢铁集团有限公司、衡阳城市建设有限公司签订共建协议。",
        &[
            "institution\t湘潭钢铁集团有限公司\tcompany",
            "institution\t衡阳城市建设有限公司\tcompany",
            "partner\t攸县人民医院\t湘潭钢铁集团有限公司",
            "partner\t攸县人民医院\t衡阳城市建设有限公司",
        ],
        &["institution\t湘潭钢铁集团\tcompany"],
    );
}

#[test]
fn a_person_named_after_the_partnership_words_leaves_both_parties() {
    // X医院与Y医院技术合作签约暨A教授工作站揭牌: a name after the cue is not Y's staff, which
    // would make Y the employer named before its person rather than a party.
    check(
        "湘潭市中心医院与醴陵市中医院签署专科共建协议暨柯雨桐教授专家工作室挂牌，双方领导出席。",
        &["partner\t湘潭市中心医院\t醴陵市中医院"],
        &[],
    );
}

#[test]
fn a_committees_commissions_are_posts_at_the_committee() {
    // 政法委书记 and 纪工委书记 after a committee's post are held at that committee, never at a
    // hospital the report names elsewhere.
    check(
        "茶陵县委常委、政法委书记柯雨桐，渌口镇党工委副书记兼纪工委书记骆新宇，\
         攸县人民医院院长韦一鸣出席。",
        &[
            "role\t柯雨桐\t常委\t茶陵县委",
            "role\t柯雨桐\t政法委书记\t茶陵县委",
            "role\t骆新宇\t纪工委书记\t渌口镇党工委",
        ],
        &["role\t柯雨桐\t书记\t攸县人民医院"],
    );
}

#[test]
fn a_full_time_deputy_keeps_the_committee_and_a_verb_ends_the_name() {
    // 专职 stands between 党委 and 副书记 (党委专职副书记); 做 after a name is a verb
    // (A做工作部署), no part of it.
    check(
        "醴陵市中心医院党委专职副书记柯雨桐做工作部署，醴陵市卫生健康局机关党委专职副书记骆新宇主持。",
        &[
            "person\t柯雨桐",
            "role\t柯雨桐\t党委专职副书记\t醴陵市中心医院",
            "role\t骆新宇\t机关党委专职副书记\t醴陵市卫生健康局",
        ],
        &[
            "person\t柯雨桐做",
            "role\t柯雨桐\t专职副书记\t醴陵市中心医院",
        ],
    );
}

#[test]
fn an_unquoted_honour_closed_by_its_title_goes_to_the_name_after_it() {
    // 向荣获X荣誉称号的A表示祝贺: A, named after the honour, holds it; the clause has no other
    // recipient.
    check(
        "湘潭市卫健委副主任韦一鸣向荣获全国五一劳动奖章荣誉称号的柯雨桐同志表示祝贺。",
        &["award\t柯雨桐\t全国五一劳动奖章"],
        &["award\t湘潭市卫健委\t全国五一劳动奖章"],
    );
}

#[test]
fn an_honour_given_to_departments_goes_to_their_hospitals() {
    // 授予A医院骨科、B医院妇产科“X”称号: each department's hospital; and a long list of
    // titled staff before the quoted honour (more than forty characters) still receives it.
    check(
        "市卫健委授予攸县人民医院骨科、茶陵县中医院妇产科、醴陵市妇幼保健院儿科“优质护理先进病区”称号，\
         授予攸县人民医院手术室主管护师柯雨桐、茶陵县中医院妇产科护士长汤晓岚、\
         醴陵市妇幼保健院儿科护士许文杰“优质护理先进个人”称号。",
        &[
            "award\t攸县人民医院\t优质护理先进病区",
            "award\t茶陵县中医院\t优质护理先进病区",
            "award\t醴陵市妇幼保健院\t优质护理先进病区",
            "award\t柯雨桐\t优质护理先进个人",
            "award\t汤晓岚\t优质护理先进个人",
            "award\t许文杰\t优质护理先进个人",
        ],
        &[],
    );
}

#[test]
fn a_straight_quote_closes_an_honour_opened_curly() {
    // “优秀护士"等称号: the page closes with a straight quote; 等 still ends the honour.
    check(
        "在攸县人民医院的表彰中，骨科护士汤晓岚获得“优秀护士\"等光荣称号。",
        &["award\t汤晓岚\t优秀护士"],
        &["award\t汤晓岚\t优秀护士等"],
    );
}

#[test]
fn counted_groups_of_honourees_each_take_their_honour() {
    // 授予A等7名X、B等5名Y、C等21名Z荣誉称号: each first-named takes the honour of the group;
    // the last one's 荣誉称号 is no part of its name.
    check(
        "会上，县政府授予攸县人民医院柯雨桐等7名攸县名医、攸县中医院汤晓岚等5名攸县名老中医、\
         攸县妇幼保健院许文杰等21名攸县优秀医师荣誉称号。",
        &[
            "award\t柯雨桐\t攸县名医",
            "award\t汤晓岚\t攸县名老中医",
            "award\t许文杰\t攸县优秀医师",
        ],
        &[
            "award\t许文杰\t攸县优秀医师荣誉称号",
            "award\t许文杰\t攸县优秀医师称号",
        ],
    );
}

#[test]
fn the_hospital_our_hospital_goes_to_is_not_our_hospital() {
    // 我院在X医院举行: X is the venue; the report's own 医院 is the unnamed 我院, so 医院副院长A
    // holds no post at X.
    check(
        "8月2日，我院在茶陵县妇幼保健院举行名医工作室授牌活动，医院副院长柯雨桐、\
         茶陵县人民政府副县长骆新宇出席。",
        &["role\t骆新宇\t副县长\t茶陵县人民政府"],
        &["role\t柯雨桐\t副院长\t茶陵县妇幼保健院"],
    );
}

#[test]
fn a_discipline_secretary_is_a_post() {
    check(
        "衡阳市中心医院院长柯雨桐、纪检书记骆新宇、副院长韦一鸣为获奖者颁奖。",
        &["role\t骆新宇\t纪检书记\t衡阳市中心医院"],
        &["role\t骆新宇\t书记\t衡阳市中心医院"],
    );
}

#[test]
fn a_verb_of_intent_is_no_name_before_a_bare_ending() {
    // 努力探索学院与医院共建新模式: 学院 here is the college the report is about, unnamed; the
    // verbs before it name nothing.
    check(
        "衡阳卫生职业学院与衡阳市中心医院签订合作协议，双方将努力探索学院与医院共建新模式。",
        &["partner\t衡阳市中心医院\t衡阳卫生职业学院"],
        &[
            "institution\t努力探索学院\tuniversity",
            "partner\t衡阳市中心医院\t努力探索学院",
        ],
    );
}
