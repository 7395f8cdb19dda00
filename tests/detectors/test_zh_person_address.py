"""Specifications of the Chinese PERSON and ADDRESS detectors.

All names and addresses here are invented. Figures on the shared evaluation
sets: ``python -m tests.detectors.test_zh_person_address`` (from the project
root) prints them; the tests below hold floors under them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detectors.text import ScanText
from detectors.zh.address import ChineseAddressDetector
from detectors.zh.person import ChinesePersonDetector

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"


@pytest.fixture(scope="module")
def person():
    return ChinesePersonDetector()


@pytest.fixture(scope="module")
def address():
    return ChineseAddressDetector()


def names(det, text, min_score=0.5):
    return [text[f.start:f.end] for f in det.find(ScanText(text)) if f.score >= min_score]


def spans(det, text, min_score=0.5):
    return [(text[f.start:f.end], f.score) for f in det.find(ScanText(text)) if f.score >= min_score]


# PERSON -------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("姓名：李建华 性别：男", ["李建华"]),
        ("联系人：赵海燕，电话见附件", ["赵海燕"]),
        ("收件人 孙晓梅", ["孙晓梅"]),
        ("患者刘德明，男，56岁，主诉头痛三天。", ["刘德明"]),
        ("请转告王先生明天来取件。", ["王先生"]),  # bare surname: honorific inside (0.6.0)
        ("这是陈静女士的订单。", ["陈静"]),
        ("周国平经理已经审批了。", ["周国平"]),
        ("我们的班主任是杨丽老师。", ["杨丽"]),
        ("欧阳娜娜女士已到场。", ["欧阳娜娜"]),
        ("联系人：司马文博", ["司马文博"]),
        ("诸葛明先生今天请假。", ["诸葛明"]),
    ],
)
def test_finds_cued_names_with_exact_span(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("周末和江小姐去看了电影。", ["江小姐"]),
        ("谢谢邓先生的帮助！", ["邓先生"]),
        ("今天被范老师表扬了", ["范老师"]),
        ("感谢胡总的支持", ["胡总"]),
        ("我们把何爷爷送回了家", ["何爷爷"]),
        ("张伟先生今天请假。", ["张伟"]),
        ("我们的班主任是杨丽老师。", ["杨丽"]),
    ],
)
def test_bare_surname_with_honorific_is_one_span_but_full_name_keeps_it_outside(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text", ["年轻时总爱思考人生。", "林林总总，有好有坏。", "王明总是迟到。"])
def test_adverb_zong_after_a_surname_character_is_not_an_honorific(person, text):
    assert not any(n.endswith("总") for n in names(person, text))


def test_resume_biography_keeps_the_honorific_outside_the_bare_surname(person):
    text = "顾先生2003年5月起任本公司总经理。"
    assert names(person, text) == ["顾"]


@pytest.mark.parametrize(
    "text", ["2004年8月任山东远川矿业股份有限公司董事。", "他曾获全国劳动模范称号。", "至今任福建省统计局副局长。"]
)
def test_serve_as_and_once_are_not_surnames_in_biographies(person, text):
    assert not any(n[0] in "任曾" for n in names(person, text))


def test_traditional_surnames_anchor_names(person):
    assert person._surname_at("張偉先生", 0) == (1, 1)
    assert names(person, "我和張偉先生見面了") == ["張偉"]


def test_three_character_chinese_handle_is_reported(person):
    assert names(person, "好开心 @鹿丁瑶 转发微博") == ["鹿丁瑶"]
    assert names(person, "转自 @财经网 的消息") == []


def test_one_character_model_span_after_a_transliteration_character_does_not_crash(person):
    # 0.5.0 indexed the span's second character unconditionally.
    assert person._model_span_ok("阿尔", 1, 2, []) in (True, False)


def test_model_span_cutting_into_an_idiom_is_vetoed(person):
    text = "他连照顾自己都力不从心"
    assert person._model_span_ok(text, 6, 8, []) is False


def test_cue_backed_names_score_at_least_085(person):
    for text in ["姓名：李建华", "陈静女士", "患者刘德明，男"]:
        assert all(score >= 0.85 for _, score in spans(person, text)), text


def test_finds_name_opening_a_resume_line(person):
    text = "张伟强，男，1978年出生，中国国籍，本科学历。"
    assert names(person, text) == ["张伟强"]


def test_finds_every_mention_of_a_cued_name(person):
    text = "黄文涛先生现任公司总经理。此前黄文涛曾任销售总监。"
    assert names(person, text) == ["黄文涛", "黄文涛"]


def test_finds_names_listed_next_to_a_cued_name(person):
    text = "出席会议的有刘建平、孙丽华、郑海波等同志。"
    found = names(person, text)
    assert "孙丽华" in found and "郑海波" in found


@pytest.mark.parametrize(
    "text",
    [
        "谢谢大家的支持！",
        "秀英",
        "今天很高兴见到你。",
        "这个王国有很长的历史。",
        "他张开双臂迎接我们。",
        "我们去黄山旅游，然后去武汉。",
        "文化产业发展很快，明天再说。",
        "这种方法的高度和金融市场无关。",
        "北京华为技术有限公司发布了新产品。",
    ],
)
def test_ignores_common_words_starting_with_surname_characters(person, text):
    assert names(person, text) == []


def test_does_not_read_ren_after_ceng_as_a_surname(person):
    assert names(person, "2003年3月起曾任广东省高速公路公司总经理。") == []


def test_skips_text_without_chinese(person):
    assert person.find(ScanText("Mr Smith called at 10:00")) == []


def test_reports_offsets_in_the_original_text(person):
    text = "姓名：\u200b李建华"
    [f] = person.find(ScanText(text))
    assert text[f.start:f.end] == "\u200b李建华" or text[f.start:f.end] == "李建华"
    assert f.value == "李建华"


# ADDRESS ------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("地址：北京市朝阳区建国路88号SOHO现代城5号楼1203室", "北京市朝阳区建国路88号SOHO现代城5号楼1203室"),
        ("公司位于广东省深圳市南山区科技园南区高新南七道8号", "广东省深圳市南山区科技园南区高新南七道8号"),
        ("我住在上海市浦东新区张江镇碧波路690弄12号301室，欢迎来玩", "上海市浦东新区张江镇碧波路690弄12号301室"),
        ("收货地址：河南省周口市郸城县汲冢镇李楼村3组", "河南省周口市郸城县汲冢镇李楼村3组"),
    ],
)
def test_finds_full_street_addresses(address, text, expected):
    found = spans(address, text)
    assert [s for s, _ in found] == [expected]
    assert found[0][1] >= 0.85


def test_district_and_road_without_number_is_partial(address):
    [(span, score)] = spans(address, "店就开在杭州市西湖区文三路，")
    assert span == "杭州市西湖区文三路"
    assert 0.5 <= score < 0.85


@pytest.mark.parametrize("text", ["我去过北京和上海。", "广东省深圳市是一座年轻的城市。", "市区的道路很宽。"])
def test_bare_city_or_province_is_not_an_address(address, text):
    assert spans(address, text) == []


def test_address_pattern_is_fast_on_adversarial_runs(address):
    import time

    text = "市区路" * 20000 + "号" * 20000
    t0 = time.process_time()
    list(address.find(ScanText(text)))
    assert time.process_time() - t0 < 5.0


@pytest.mark.parametrize("text", [
    "会议在5号楼302室召开",
    "请到行政楼201室领取",
    "体检在门诊楼3楼",
    "资料放在3号楼502室了",
    "大家在5号楼302室集合",
])
def test_a_room_in_an_unnamed_or_institutional_building_is_not_an_address(address, text):
    # A meeting room or an office counter, with no place, street or named
    # estate around it: not where someone lives or receives mail.
    assert [s for s, sc in spans(address, text) if sc >= 0.5] == []


@pytest.mark.parametrize("text, expected", [
    ("我家住3栋2单元501", "3栋2单元501"),
    ("收货地址：3号楼502室", "3号楼502室"),
    ("住址：阳光花园9幢302室", "阳光花园9幢302室"),
    ("他住在锦华苑六区128栋4单元302", "锦华苑六区128栋4单元302"),
    ("我住5号楼302室。", "5号楼302室"),
    ("我的宿舍：8号楼502室", "8号楼502室"),
    ("快递放到5号楼302室门口就行。", "5号楼302室"),
])
def test_building_and_room_after_a_home_cue_is_an_address_without_the_cue(address, text, expected):
    assert [s for s, sc in spans(address, text) if sc >= 0.5] == [expected]


def test_address_inside_a_sentence_stops_before_the_following_words(address):
    assert [s for s, _ in spans(address, "寄到北京市海淀区中关村大街27号，谢谢")] == ["北京市海淀区中关村大街27号"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("浙江省湖州市长兴县林城河口头宏利机械", "浙江省湖州市长兴县林城河口头宏利机械"),
        ("收货地址：浙江省嘉兴市海宁市紫薇园，电话另发", "浙江省嘉兴市海宁市紫薇园"),
    ],
)
def test_two_admin_levels_and_a_place_tail_are_an_address(address, text, expected):
    [(span, score)] = spans(address, text)
    assert span == expected and 0.5 <= score < 0.85


@pytest.mark.parametrize(
    "text, expected",
    [
        ("你的快递到了，放在武汉市江汉区光明南路430号3栋1906室门卫室，有事打我电话", "武汉市江汉区光明南路430号3栋1906室"),
        ("我的车昨天在江苏省南京市鼓楼区学院东路577号门口被贴了罚单。", "江苏省南京市鼓楼区学院东路577号"),
        ("地址：上海市静安区紫荆北路662号门卫室代收", "上海市静安区紫荆北路662号"),
        ("收货地址：北京市海淀区中关村大街27号5栋301室，电话另发", "北京市海淀区中关村大街27号5栋301室"),
        ("他在北京市西城区人民大道570号上班", "北京市西城区人民大道570号"),
    ],
)
def test_address_ends_at_its_last_unit_not_at_the_words_after_it(address, text, expected):
    assert [s for s, _ in spans(address, text)] == [expected]


def test_relation_word_followed_by_a_named_place_stays_in_the_address(address):
    # Delivery addresses name a landmark: "…318号附近永联超市" is one address.
    assert [s for s, _ in spans(address, "柳湖路318号附近永联超市")] == ["柳湖路318号附近永联超市"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我住在锦华苑六区128栋4单元302，有空来玩", "锦华苑六区128栋4单元302"),
        ("余杭区金沙城72-6-1203", "余杭区金沙城72-6-1203"),
        ("收货地址：翠湖花园15幢7单元2106，电话另发", "翠湖花园15幢7单元2106"),
        ("望江公寓十二幢三单元_1508", "望江公寓十二幢三单元_1508"),
    ],
)
def test_building_unit_room_chain_is_an_address_without_admin_levels(address, text, expected):
    [(span, score)] = spans(address, text)
    assert span == expected and score >= 0.8


@pytest.mark.parametrize("text", ["订单号123-45-6789", "版本2020-01-1234发布", "比分是3-1-100", "这两栋楼很高", "一共有三十栋建筑"])
def test_dashed_codes_and_counted_buildings_are_not_addresses(address, text):
    assert spans(address, text) == []


def test_road_with_bare_house_number_and_shop_is_an_address(address):
    assert [s for s, _ in spans(address, "青石街406丰顺电器有限公司")] == ["青石街406丰顺电器有限公司"]


@pytest.mark.parametrize(
    "text", ["沿着中山路100米就到了", "沪宁高速公路200公里", "长安街2024年的阅兵", "频道5正在直播", "他在玩求生之路2"]
)
def test_road_followed_by_a_distance_or_year_is_not_an_address(address, text):
    assert spans(address, text) == []


@pytest.mark.parametrize(
    "text",
    ["江苏省常州市天宁区法院受理了此案。", "上海二手房市场成交量有所上升", "我在浙江省杭州市工作，周末回家。"],
)
def test_admin_chain_in_news_or_prose_is_not_an_address(address, text):
    assert spans(address, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [("昨天和宋筱一起吃饭，超开心", ["宋筱"]), ("杨雨晗今天生日快乐！", ["杨雨晗"])],
)
def test_model_finds_uncued_names_in_posts(person, text, expected):
    assert names(person, text) == expected


def test_model_windows_skip_surname_characters_inside_ordinary_words(person):
    # 文化, 方法, 高度, 金融: surname characters that start frequent words.
    assert person.crf_windows("文化产业的方法和高度与金融有关", []) == []


def test_model_windows_cover_surname_candidates_and_nicknames(person):
    text = "今天和宋筱吃饭。@雯子 说好"
    windows = person.crf_windows(text, [])
    assert any(a <= 3 and 5 <= b for a, b in windows)  # 宋筱
    assert any(a <= 9 and 11 <= b for a, b in windows)  # 雯子 after @
    assert all(b - a <= 12 for a, b in windows)


@pytest.mark.parametrize(
    "text, expected",
    [("晚安，感谢雪莹陪我聊天", ["雪莹"]), ("嘉怡说明天不来了", ["嘉怡"]), ("【李牧之经典语录】", ["李牧之"])],
)
def test_model_finds_uncued_nicknames_after_linking_words_and_before_shuo(person, text, expected):
    # No surname and no honorific: the rules alone find nothing here.
    assert names(ChinesePersonDetector(use_model=False), text) == []
    assert names(person, text) == expected


def test_model_windows_cover_names_after_linking_words_and_before_shuo(person):
    text = "今天给思雨买了礼物。嘉怡说好"
    windows = person.crf_windows(text, [])
    assert any(a <= 3 and 5 <= b for a, b in windows)  # 思雨 after 给
    assert any(a <= 10 and 12 <= b for a, b in windows)  # 嘉怡 before 说


@pytest.mark.parametrize("text", ["谢谢你", "谢谢谢谢你们", "他和我说了", "我对她说了", "对他说谢谢", "给我们发个消息"])
def test_thanks_and_linking_words_are_not_names(person, text):
    assert names(person, text) == []


# Transliterated foreign names (invented: 埃罗德·普兰西克, 卡萨维诺, 布兰迪克, 里奥萨).

@pytest.mark.parametrize(
    "text, expected",
    [
        ("编剧埃罗德·普兰西克(Erod)执导的新片", ["埃罗德·普兰西克"]),
        ("据悉，埃罗德•普兰西克将出席", ["埃罗德•普兰西克"]),
        ("据悉，埃罗德．普兰西克将出席", ["埃罗德．普兰西克"]),
    ],
)
def test_dotted_transliterated_names_are_found_without_a_cue(person, text, expected):
    assert names(person, text, min_score=0.85) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("球队主帅卡萨维诺对此很满意", ["卡萨维诺"]),
        ("赛后，布兰迪克表示将继续努力", ["布兰迪克"]),
        ("新援里奥萨(Riosa)首发出场", ["里奥萨"]),
    ],
)
def test_transliterated_name_in_a_person_slot_is_found(person, text, expected):
    assert names(person, text) == expected


def test_transliterated_name_without_a_slot_stays_below_threshold(person):
    assert names(person, "卡萨维诺在比赛中受伤") == []


@pytest.mark.parametrize(
    "text", ["巴西表示将参加", "意大利表示将参加", "阿根廷表示欢迎", "前锋巴塞罗那队", "主管卡萨维诺公司的业务"]
)
def test_places_teams_and_companies_in_a_person_slot_are_not_names(person, text):
    assert names(person, text) == []


def test_names_listed_next_to_a_slotted_transliteration_are_found(person):
    text = "主帅卡萨维诺、布兰迪克和里奥萨等人都表示满意"
    assert names(person, text) == ["卡萨维诺", "布兰迪克", "里奥萨"]


def test_name_shaped_text_inside_title_marks_is_not_a_name(person):
    assert names(person, "推荐游戏，李梦瑶，") == ["李梦瑶"]
    assert names(person, "推荐游戏《李梦瑶》") == []


def test_company_named_after_a_person_is_not_a_name(person):
    assert names(person, "姚思源先生发布公告") == ["姚思源"]
    assert names(person, "姚思源银行发布公告") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("分析师林静表示，降息仍有空间", ["林静"]),
        ("首席经济学家何平称，出口回暖", ["何平"]),
        ("画家张子林的新作在京展出", ["张子林"]),
    ],
)
def test_news_role_word_before_a_chinese_name_is_a_cue(person, text, expected):
    assert names(person, text) == expected


def test_two_character_word_after_a_role_cue_is_a_name_when_the_slot_closes(person):
    # 舒畅 ("comfortable") is a word the dictionary check alone rejects.
    assert names(person, "研究员舒畅指出，") == ["舒畅"]
    assert names(person, "本报记者舒畅报道，") == ["舒畅"]
    assert names(person, "研究员舒畅的报告") == []  # the slot does not close


@pytest.mark.parametrize(
    "text, expected",
    [
        ("记者李正发自北京", ["李正"]),
        ("律师孙梅昨日告诉记者", ["孙梅"]),
        ("律师王海明认为", ["王海明"]),
    ],
)
def test_name_ends_where_a_frequent_word_starts(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text", ["球队新援卡萨维诺加盟后表现出色", "卡萨维诺执教球队三年", "赛后卡萨维诺梅开二度"]
)
def test_transliterated_name_before_a_news_verb_is_found(person, text):
    assert names(person, text) == ["卡萨维诺"]


@pytest.mark.parametrize("text", ["前锋卡萨维诺公园", "布兰迪克广场很热闹", "主帅卡萨维诺地产开盘"])
def test_places_and_estates_named_like_people_are_not_names(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize("text", ["主帅卡萨维诺主场作战", "本轮对阵卡萨维诺，", "05卡萨维诺vs布兰迪克"])
def test_clubs_in_match_reports_are_not_names(person, text):
    assert names(person, text) == []


def test_club_vetoed_once_is_vetoed_at_every_mention(person):
    assert names(person, "卡萨维诺主场告负。主帅卡萨维诺表示不满") == []
    assert names(person, "主帅卡萨维诺表示不满") == ["卡萨维诺"]


def test_model_spans_before_a_village_or_road_are_vetoed(person):
    assert not person._model_span_ok("他去了王柳村", 3, 5, [])
    assert not person._model_span_ok("他住在王柳路口", 3, 5, [])
    assert person._model_span_ok("他去了王柳家", 3, 5, [])


def test_model_spans_ending_in_a_locative_or_cut_from_a_word_are_vetoed(person):
    assert not person._model_span_ok("他们在丛林中迷路", 3, 6, [])  # 丛林中
    assert not person._model_span_ok("金庸的武侠小说", 3, 6, [])  # 武侠小|说
    assert not person._model_span_ok("球迷支持桑德兰队", 4, 7, [])  # a team
    assert person._model_span_ok("昨天和宋筱吃饭", 3, 5, [])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("明天的会议由郑涛主持。", ["郑涛"]),
        ("这事你问罗娟吧，她比较清楚。", ["罗娟"]),
        ("听说王建华辞职了。", ["王建华"]),
        ("周末徐磊约我去爬山。", ["徐磊"]),
        ("早上何敏已经把钱转过来了。", ["何敏"]),
        ("把合同发给黄伟就行。", ["黄伟"]),
        # 0.7.2: a dictionary verb or adverb after the name (确认, 处理).
        ("下午郑涛确认了报价。", ["郑涛"]),
        ("这个问题交给何敏处理吧。", ["何敏"]),
    ],
)
def test_uncued_names_in_chat_slots_are_found(person, text, expected):
    """0.7.1: a surname and common given characters between a linking or
    time word and a verb, adverb or particle (the model stays under its
    threshold on such short chat lines)."""
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "周清来交代了作案经过。",  # 来 may end a three-character name
        "让吴冠中和齐白石的作品同台展出。",  # 中和 is a word: the end is not sure
        "婚嫁、建房、祝寿都有相应的匾额。",  # a dictionary word jieba tags nr
        "张方来夫妇在镇上开店。",
        "马上到，路上有点堵。",
        "周末高速很堵，我们晚点出发。",
        "和平饭店在外滩。",
        "他给高分的同学发了奖品。",
        "我和同学一起去了江南。",
        "现任浦航租赁有限公司经理。",  # a firm's line of business after it
        "他还担任东方明珠独立董事。",  # a four-character dictionary entry
        "随着翡翠、和田玉收藏热，水晶也火了。",  # 和田玉: the linking word binds
    ],
)
def test_chat_slots_do_not_cut_names_or_take_words(person, text):
    assert names(person, text) == []


def test_model_span_does_not_keep_a_time_word_before_the_name(person):
    assert names(person, "周末黄晓燕约我去爬山。") == ["黄晓燕"]


def test_verb_before_an_aspect_particle_is_not_part_of_the_name(person):
    assert names(person, "我刚和刘洋通完电话。") == ["刘洋"]


@pytest.mark.timing
def test_person_and_address_together_exceed_1_mb_per_second(person, address):
    import time

    # Invented posts, résumé lines and addresses; about 0.3 MB.
    lines = [
        "今天和宋筱一起去看电影，超开心！@小雨点 你也来吧",
        "王建国，男，1975年出生，硕士学历，现任公司副总经理。",
        "这种方法的高度和金融市场无关，文化产业发展很快。",
        "收货地址：浙江省杭州市西湖区文三路90号东部软件园3号楼501室",
        "我们去黄山旅游，然后去武汉看樱花，周末回家。",
        "李老师说明天的课改到下午三点，请大家准时参加。",
    ]
    docs = [ScanText(line) for line in lines * 400]
    size = sum(len(d.original.encode("utf-8")) for d in docs) / 1e6
    # CPU time of this process, best of seven (as timeit does), so that other
    # work on a shared machine (which also slows this process's caches)
    # counts least: a clean CI run once read 0.74 MB/s here with best of
    # three, against about 1.2 MB/s for the same code run alone.
    best = float("inf")
    for _ in range(7):
        t0 = time.process_time()
        for d in docs:
            person.find(d)
            address.find(d)
        best = min(best, time.process_time() - t0)
    rate = size / best
    assert rate >= 1.0, f"{rate:.2f} MB/s"


def test_sequence_model_sees_only_a_small_share_of_ordinary_text(person):
    """What keeps zh_person fast, independent of the machine: the model tags
    only windows around candidate names (about a fifth of Weibo text), never
    whole texts. These invented lines hold two names among ordinary prose."""
    lines = [
        "今天和宋筱一起去看电影，超开心！@小雨点 你也来吧",
        "王建国，男，1975年出生，硕士学历，现任公司副总经理。",
        "这种方法的高度和金融市场无关，文化产业发展很快。",
        "收货地址：浙江省杭州市西湖区文三路90号东部软件园3号楼501室",
        "我们去黄山旅游，然后去武汉看樱花，周末回家。",
        "李老师说明天的课改到下午三点，请大家准时参加。",
    ]
    tagged = sum(b - a for t in lines for a, b in person.crf_windows(t, person.rule_spans(t)))
    assert 0 < tagged <= 0.25 * sum(len(t) for t in lines)


def test_rules_only_mode_loads_without_the_model():
    det = ChinesePersonDetector(use_model=False)
    assert det.tagger is None
    assert names(det, "姓名：李建华") == ["李建华"]


# Shared evaluation sets ----------------------------------------------------

def _need_eval():
    if not EVAL.is_dir():
        pytest.skip("../shared/eval not present: evaluation figures cannot be measured")


def _jsonl(rel, label):
    out = []
    with open(EVAL / rel, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out.append((r["text"], {(e["start"], e["end"]) for e in r["entities"] if e["label"] == label}))
    return out


from benchmarks.train_zh_person import person_prf  # noqa: E402  (one scorer for tests and training)


def address_recall(det, texts, min_cover=0.8):
    """Share of address strings covered to at least ``min_cover`` of their
    characters by ADDRESS findings, and share matched exactly."""
    covered = exact = 0
    for t in texts:
        fs = [f for f in det.find(ScanText(t)) if f.score >= 0.5]
        if sum(f.end - f.start for f in fs) / len(t) >= min_cover:
            covered += 1
        if any(f.start == 0 and f.end == len(t) for f in fs):
            exact += 1
    return covered / len(texts), exact / len(texts)


def test_resume_names_f1_at_least_090(person):
    _need_eval()
    _, _, f1 = person_prf(person, _jsonl("resume_ner/dev.jsonl", "NAME"))
    assert f1 >= 0.94  # measured 0.964 with 0.6.0 (P 0.964 R 0.964); 0.955 with 0.4.0; 0.920 with 0.3.0


def test_weibo_names_with_model_reach_measured_floor(person):
    # Rules + CRF 0.7.0 measured P 0.769 R 0.556 F1 0.645 (0.6.0: P 0.781
    # R 0.556 F1 0.649; 0.4.0: F1 0.608; target 0.65 not reached; 90 names,
    # one is ~0.007).
    _need_eval()
    p, _, f1 = person_prf(person, _jsonl("weibo_ner/dev.jsonl", "PER.NAM"))
    assert p >= 0.75 and f1 >= 0.60


def test_address_parsing_dev_recall_floor(address):
    _need_eval()
    texts = [json.loads(l)["text"] for l in open(EVAL / "cn_address_parsing/dev.jsonl", encoding="utf-8")]
    covered, _ = address_recall(address, texts)
    assert covered >= 0.90  # measured 0.904


def _cluener(label):
    out = []
    with open(EVAL / "cluener2020/train.json", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            gold = {(s, e + 1) for spans_ in r["label"].get(label, {}).values() for s, e in spans_}
            out.append((r["text"], gold))
    return out


if __name__ == "__main__":
    p_det, a_det = ChinesePersonDetector(), ChineseAddressDetector()
    for name, rows in [
        ("resume_ner dev NAME", _jsonl("resume_ner/dev.jsonl", "NAME")),
        ("weibo_ner dev PER.NAM", _jsonl("weibo_ner/dev.jsonl", "PER.NAM")),
        ("cluener train name", _cluener("name")),
    ]:
        print(name, "P=%.3f R=%.3f F1=%.3f" % person_prf(p_det, rows))
    print("cluener train address", "P=%.3f R=%.3f F1=%.3f" % person_prf(a_det, _cluener("address")))
    texts = [json.loads(l)["text"] for l in open(EVAL / "cn_address_parsing/dev.jsonl", encoding="utf-8")]
    print("cn_address_parsing dev recall cover>=0.8=%.3f exact=%.3f" % address_recall(a_det, texts))

    # Throughput on one core: every Weibo, résumé and CLUENER text, each
    # scanned as one record (normalisation done beforehand, as the engine
    # shares it between detectors).
    import time

    posts = []
    for rel in ["weibo_ner/train.jsonl", "weibo_ner/dev.jsonl", "resume_ner/train.jsonl",
                "resume_ner/dev.jsonl", "cluener2020/train.json"]:
        with open(EVAL / rel, encoding="utf-8") as fh:
            posts += [ScanText(json.loads(line)["text"]) for line in fh]
    for d in posts:
        d.norm
    mb = sum(len(d.original.encode("utf-8")) for d in posts) / 1e6
    for label, dets in [("zh_person", [p_det]), ("zh_address", [a_det]), ("zh_person + zh_address", [p_det, a_det])]:
        t0 = time.perf_counter()
        for d in posts:
            for det in dets:
                det.find(d)
        dt = time.perf_counter() - t0
        print("%s: %.2f MB in %.2f s = %.2f MB/s" % (label, mb, dt, mb / dt))


@pytest.mark.parametrize("text", ["徐家汇到杨家坪要转两次地铁。", "苏家屯区今天下午有雨。", "朱家角古镇周末人很多。"])
def test_places_named_after_a_family_are_not_names(person, text):
    """0.7.3: a surname + 家 + a place character (杨家坪, 苏家屯, 朱家角)."""
    assert names(person, text) == []


@pytest.mark.parametrize("text, expected", [("主演张家辉表示很期待。", ["张家辉"]), ("联系人：李家豪", ["李家豪"])])
def test_given_names_with_jia_are_still_names(person, text, expected):
    assert names(person, text) == expected


@pytest.mark.parametrize("text", ["周大福的金镯子最近涨价了", "买了两瓶王老吉", "李锦记的蚝油很好用", "周黑鸭的鸭脖太辣了"])
def test_brands_named_like_people_are_not_names(person, text):
    """0.7.4: shops and brands listed in cues.yaml not_names."""
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("司马浩宇退役了，十五年职业生涯", ["司马浩宇"]),
        ("公孙雅说早睡早起身体好", ["公孙雅"]),
        ("店主鄢晓梅人很好，衣服尺码不合适", ["鄢晓梅"]),
        ("邝咏琪新专辑下周预售", ["邝咏琪"]),
        ("恭喜滕子轩喜得千金", ["滕子轩"]),
    ],
)
def test_model_span_edges_mended(person, text, expected):
    """0.7.5: a span starting on the second character of a compound surname
    takes in the first; a fourth character after a single surname, before
    more Chinese text, is cut off."""
    assert names(person, text) == expected


def test_compound_surname_is_not_taken_from_a_word_before_it(person):
    assert "司马浩宇" not in names(person, "公司马浩宇负责这个项目")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("女排这场赢得漂亮，主攻上官琳状态爆表", ["上官琳"]),
        ("我们班的学霸诸葛晨曦保研去了北大", ["诸葛晨曦"]),
        ("邻居家的小孩司马一诺今年五岁", ["司马一诺"]),
        ("皇甫嘉懿的跳水动作压水花太完美了", ["皇甫嘉懿"]),
        ("第二十集看哭了，慕容雪演的公主太虐了", ["慕容雪"]),
        ("司马光砸缸的故事", ["司马光"]),
    ],
)
def test_common_compound_surnames_anchor_names_without_a_cue(person, text, expected):
    """0.7.5: 欧阳, 司马, 上官, 诸葛… and a one- or two-character given name;
    a one-character verb after the first given character closes it."""
    assert names(person, text) == expected


@pytest.mark.parametrize("text", ["公司马上开会", "东方明珠塔很高", "他们在欧阳家吃饭"])
def test_compound_surname_characters_inside_words_are_not_names(person, text):
    assert names(person, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("模特卡米拉·席尔瓦的卖家秀", ["卡米拉·席尔瓦"]),
        ("国际奥委会主席安德烈亚斯·克劳斯今日抵达北京", ["安德烈亚斯·克劳斯"]),
        ("阿卜杜拉·哈桑赛后说非常喜欢中国的球迷", ["阿卜杜拉·哈桑"]),
        ("扎西卓嘎和热依拉·买合木提是同学", ["扎西卓嘎", "热依拉·买合木提"]),
    ],
)
def test_dotted_names_do_not_take_characters_of_the_words_beside_them(person, text, expected):
    """0.7.5: 主|席, 模|特 and 赛|后 are words; Uyghur names (买合木提) are
    transliterations too."""
    assert names(person, text) == expected


@pytest.mark.parametrize(
    "text, absent",
    [
        ("英雄联盟大司马工作室33.6万粉丝", "司马工作"),
        ("到长安街道和申屠老爷谈话", "申屠老爷"),
        ("濮阳蔚林化工股份有限公司", "濮阳蔚林"),
        ("身容易换来后门，西恩·潘依旧名落孙山", "西恩·潘依"),
    ],
)
def test_compound_surname_and_dotted_name_edges_in_titles_cities_and_words(person, text, absent):
    assert absent not in names(person, text)


def test_latin_letters_after_a_surname_are_not_trimmed_as_a_fourth_character(person):
    assert "李si" not in names(person, "代的知名“警察”李sir李修贤在《夺帅》中")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我奶奶格桑拉姆不会说汉语", ["格桑拉姆"]),
        ("巴图孟和那一跤摔得太漂亮了", ["巴图孟和"]),
        ("特木尔加油！！！", ["特木尔"]),
        ("扎西顿珠是我们在西藏的向导", ["扎西顿珠"]),
        ("决赛中，阿卜杜热依木以一记重拳KO对手", ["阿卜杜热依木"]),
        ("我们去了乌兰巴托", []),
        ("乌兰察布的风很大", []),
        ("谢邀，人在北京，刚下飞机。", []),
    ],
)
def test_tibetan_mongolian_uyghur_and_kazakh_names(person, text, expected):
    """0.7.5: minority_names.txt components; places that start with one
    (乌兰巴托) stay places."""
    assert names(person, text) == expected


@pytest.mark.parametrize("text, absent", [("很自然克林斯曼所推崇的先进足球", "林斯曼"), ("比利亚雷亚尔：曼联（1，0）", "雷亚尔")])
def test_model_span_cutting_into_a_four_character_name_entry_is_vetoed(person, text, absent):
    """0.7.6: jieba tags some four-character idioms, names and places nr
    (何德何能, 克林斯曼, 比利亚雷): a span that cuts into one is a piece of it."""
    assert absent not in names(person, text)


def test_a_whole_four_character_name_entry_is_still_a_name(person):
    assert names(person, "克林斯曼所推崇的先进足球") == ["克林斯曼"]
