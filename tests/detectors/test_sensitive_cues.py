"""Specification of the sensitive-information cue detector (PIPL Art. 28).

All texts are synthetic. Record-level accuracy is measured on the generated
corpus in ``cue_corpus.py`` (``dev`` used for tuning, ``heldout`` only
measured); false positives on real text are measured on ../shared/eval.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from detectors.cues import SensitiveCueDetector
from detectors.cues.lexicon import load_raw
from detectors.cues.minor import zh_number
from detectors.text import ScanText

# -- synthetic labelled corpus ---------------------------------------------
# Every value is invented. Records imitate chats, résumés, medical Q&A, logs
# and forms in Chinese, English and mixed text; each carries the set of
# sensitive categories it states ABOUT A PERSON. Hard negatives (negation,
# topical mentions, thresholds, look-alike words) carry none. Two template
# sets: ``dev`` was used while tuning the lexicons; ``heldout`` was written
# at the same time, before any tuning, and is only measured.
HEALTH, RELIGION, BIOMETRIC, MINOR = "HEALTH_INFO", "RELIGION_INFO", "BIOMETRIC_INFO", "MINOR_INFO"
LOCATION, FINANCIAL, IDENTITY, ORIENTATION = (
    "LOCATION_TRACE", "FINANCIAL_INFO", "SPECIFIC_IDENTITY_INFO", "SEXUAL_ORIENTATION_INFO",
)
CATEGORIES = (HEALTH, RELIGION, BIOMETRIC, MINOR, LOCATION, FINANCIAL, IDENTITY, ORIENTATION)

FILL = {
    "dev": {
        "who_zh": ["我", "我妈妈", "他", "她", "患者王某", "我老公", "张先生", "李女士", "我同事", "客户刘某"],
        "who_en": ["I", "My mother", "He", "She", "The patient", "My husband", "Mr. Grant", "Ms. Chen",
                   "My coworker", "Our client Dana"],
        "d_zh": ["糖尿病", "高血压", "抑郁症", "乳腺癌", "哮喘", "痛风", "乙肝"],
        "d_en": ["diabetes", "hypertension", "depression", "breast cancer", "asthma", "gout", "hepatitis B"],
        "rel_zh": ["基督徒", "穆斯林", "佛教徒", "天主教徒"],
        "rel_en": ["Christian", "Muslim", "Buddhist", "Catholic"],
        "age": ["6", "8", "9", "11", "12", "七", "十"],
        "bigage": ["15", "16", "18", "25", "十六", "三十"],
        "eth_zh": ["维吾尔族", "藏族", "回族", "蒙古族"],
    },
    "heldout": {
        "who_zh": ["本人", "我爸", "她老公", "病人赵某", "我女朋友", "孙女士", "员工陈某", "我室友", "申请人周某", "我姐姐"],
        "who_en": ["My father", "My wife", "Our tenant", "The applicant", "My roommate", "Mrs. Patel",
                   "My sister", "The borrower", "My colleague Sam", "His brother"],
        "d_zh": ["冠心病", "焦虑症", "肺癌", "甲亢", "癫痫", "类风湿关节炎", "精神分裂症"],
        "d_en": ["epilepsy", "anxiety disorder", "lung cancer", "Crohn's disease", "schizophrenia",
                 "rheumatoid arthritis", "heart failure"],
        "rel_zh": ["基督教徒", "佛教", "伊斯兰教", "道教"],
        "rel_en": ["Muslim", "Hindu", "Jewish", "Mormon"],
        "age": ["5", "7", "10", "13", "三", "八", "十二"],
        "bigage": ["14", "17", "20", "45", "十五", "二十"],
        "eth_zh": ["壮族", "彝族", "苗族", "哈萨克族"],
    },
}

# (category or None, language, template). None = hard negative for every category.
TEMPLATES = {
    "dev": [
        (HEALTH, "zh", "{who}确诊{d_zh}已经三年了"),
        (HEALTH, "zh", "{who}患有{d_zh}，一直在吃药"),
        (HEALTH, "zh", "{who}去年查出了{d_zh}"),
        (HEALTH, "zh", "{who}最近在服用二甲双胍"),
        (HEALTH, "zh", "{who}有{d_zh}，不能太累"),
        (HEALTH, "en", "{who_en} was diagnosed with {d_en} last year."),
        (HEALTH, "en", "{who_en} suffers from {d_en}."),
        (HEALTH, "en", "{who_en} has been taking metformin since March."),
        (HEALTH, "en", "{who_en} is HIV positive and on treatment."),
        (None, "zh", "{d_zh}的预防方法有哪些？"),
        (None, "zh", "如何治疗{d_zh}"),
        (None, "zh", "{who}没有{d_zh}"),
        (None, "zh", "本院专治{d_zh}，欢迎咨询"),
        (None, "zh", "{d_zh}的早期症状是什么"),
        (None, "en", "The clinic treats {d_en}."),
        (None, "en", "What are the symptoms of {d_en}?"),
        (None, "en", "{who_en} was not diagnosed with {d_en}."),
        (None, "en", "How to prevent {d_en} with diet"),

        (RELIGION, "zh", "{who}是{rel_zh}"),
        (RELIGION, "zh", "{who}是一名虔诚的{rel_zh}"),
        (RELIGION, "zh", "{who}信仰伊斯兰教，每天礼拜"),
        (RELIGION, "zh", "{who}从小信佛"),
        (RELIGION, "en", "{who_en} is a devout {rel_en}."),
        (RELIGION, "en", "{who_en} converted to Islam in 2015."),
        (RELIGION, "en", "{who_en} is a practicing Buddhist."),
        (None, "zh", "佛教是世界三大宗教之一"),
        (None, "zh", "{rel_zh}的传统节日有哪些"),
        (None, "zh", "{who}不是{rel_zh}"),
        (None, "en", "The museum displays {rel_en} art from the 12th century."),
        (None, "en", "What is Buddhism?"),
        (None, "en", "Christian Dior opened a new store downtown."),

        (BIOMETRIC, "zh", "{who}的指纹信息已录入系统"),
        (BIOMETRIC, "zh", "已采集{who}的人脸照片和声纹"),
        (BIOMETRIC, "zh", "{who}的虹膜信息存储在服务器上"),
        (BIOMETRIC, "en", "{who_en}'s fingerprint template is stored on the server."),
        (BIOMETRIC, "en", "We captured {who_en}'s voiceprint during the call."),
        (BIOMETRIC, "en", "Face template for {who_en} uploaded at enrollment."),
        (None, "zh", "这款手机支持指纹解锁"),
        (None, "zh", "人脸识别技术的原理是什么"),
        (None, "zh", "本店出售指纹锁和智能门锁"),
        (None, "en", "The laptop has a fingerprint reader."),
        (None, "en", "Facial recognition technology raises privacy questions."),
        (None, "en", "Browser fingerprinting is used by trackers."),

        (MINOR, "zh", "{who}女儿今年{age}岁了"),
        (MINOR, "zh", "我家孩子{age}岁，上小学三年级"),
        (MINOR, "zh", "{age}岁的儿子很喜欢画画"),
        (MINOR, "zh", "我儿子在上幼儿园大班"),
        (MINOR, "en", "My son is {age_en} years old."),
        (MINOR, "en", "Her daughter, a 3rd grader, loves chess."),
        (MINOR, "en", "Our boy is in kindergarten this year."),
        (None, "zh", "本产品适合3-6岁儿童使用"),
        (None, "zh", "未满14岁的儿童需家长陪同"),
        (None, "zh", "{who}今年{bigage}岁"),
        (None, "zh", "小学三年级数学练习题"),
        (None, "en", "Suitable for ages 8 and up."),
        (None, "en", "{who_en} is {bigage_en} years old."),
        (None, "en", "The building is over 10 years old and needs repair."),
        (None, "en", "3rd grade math worksheets for teachers"),

        (LOCATION, "zh", "{who}的行程轨迹显示曾去过机场"),
        (LOCATION, "zh", "定位显示{who}昨晚11点在酒店附近"),
        (LOCATION, "zh", "调取了{who}的酒店入住记录"),
        (LOCATION, "zh", "{who}的打卡记录：8:55到公司，18:10离开"),
        (LOCATION, "en", "GPS trace shows {who_en} left home at 7:40."),
        (LOCATION, "en", "{who_en} checked in at the Hilton at 10:32 pm."),
        (LOCATION, "en", "{who_en}'s location history puts them downtown yesterday."),
        (None, "zh", "如何关闭手机的定位功能"),
        (None, "zh", "这家公司的产品定位很清晰"),
        (None, "zh", "绿色出行，从我做起"),
        (None, "en", "Location services can drain your battery."),
        (None, "en", "Online check-in opens 24 hours before departure."),
        (None, "en", "The rocket followed a ballistic trajectory."),

        (FINANCIAL, "zh", "{who}的征信记录有两次逾期"),
        (FINANCIAL, "zh", "{who}欠款五万元至今未还"),
        (FINANCIAL, "zh", "{who}月薪2万，年收入大概30万"),
        (FINANCIAL, "zh", "{who}有一笔逾期贷款"),
        (FINANCIAL, "en", "{who_en} defaulted on a car loan in 2021."),
        (FINANCIAL, "en", "{who_en}'s credit report shows three late payments."),
        (FINANCIAL, "en", "{who_en} has an account balance of $12,400."),
        (None, "zh", "{who}无不良征信记录"),
        (None, "zh", "如何查询个人征信报告"),
        (None, "zh", "今年的存款利率又下调了"),
        (None, "en", "How to improve your credit score fast"),
        (None, "en", "Mortgage rates rose again this week."),
        (None, "en", "{who_en} has no debt."),

        (IDENTITY, "zh", "{who}有犯罪记录，曾因盗窃被判刑"),
        (IDENTITY, "zh", "{who}是刑满释放人员"),
        (IDENTITY, "zh", "{who}持有残疾证，肢体残疾三级"),
        (IDENTITY, "zh", "{who}是{eth_zh}"),
        (IDENTITY, "en", "{who_en} has a criminal record for fraud."),
        (IDENTITY, "en", "{who_en} was convicted of burglary in 2012."),
        (IDENTITY, "en", "{who_en} is a wheelchair user."),
        (None, "zh", "{who}没有犯罪记录"),
        (None, "zh", "请提供无犯罪记录证明"),
        (None, "zh", "{eth_zh}的传统节日很有特色"),
        (None, "zh", "商场设有残疾人专用通道"),
        (None, "en", "{who_en} has no criminal record."),
        (None, "en", "The building offers wheelchair access."),
        (None, "en", "Check your mirrors for blind spots."),

        (ORIENTATION, "zh", "{who}是同性恋"),
        (ORIENTATION, "zh", "{who}去年向家人出柜了"),
        (ORIENTATION, "zh", "{who}承认自己是双性恋"),
        (ORIENTATION, "en", "{who_en} came out as gay last year."),
        (ORIENTATION, "en", "{who_en} is openly lesbian."),
        (ORIENTATION, "en", "{who_en} identifies as bisexual."),
        (None, "zh", "同性婚姻在一些国家已经合法化"),
        (None, "zh", "这部电影讲述了同性恋群体的故事"),
        (None, "zh", "{who}不是同性恋"),
        (None, "en", "The city hosted a gay pride parade."),
        (None, "en", "The report covers LGBT rights in Asia."),
        (None, "en", "{who_en} is not gay."),

        (None, "zh", "明天下午三点开会，请准时参加"),
        (None, "zh", "快递已送达，请到前台领取"),
        (None, "en", "The meeting moved to Thursday afternoon."),
        (None, "en", "Please reset your password before Friday."),
    ],
    "heldout": [
        (HEALTH, "zh", "{who}上个月被诊断为{d_zh}"),
        (HEALTH, "zh", "{who}得了{d_zh}，正在住院治疗"),
        (HEALTH, "zh", "{who}既往病史：{d_zh}"),
        (HEALTH, "zh", "{who}每天打胰岛素"),
        (HEALTH, "en", "{who_en} has {d_en} and takes medication daily."),
        (HEALTH, "en", "{who_en} is being treated for {d_en}."),
        (HEALTH, "en", "{who_en} tested positive for HIV in May."),
        (HEALTH, "en", "{who_en} is on antidepressants."),
        (None, "zh", "{d_zh}患者的饮食注意事项"),
        (None, "zh", "{d_zh}会遗传吗？"),
        (None, "zh", "{who}否认{d_zh}病史"),
        (None, "zh", "关于{d_zh}的最新研究"),
        (None, "en", "{d_en} awareness week starts Monday."),
        (None, "en", "Doctors say exercise can reduce the risk of {d_en}."),
        (None, "en", "{who_en} denies any history of {d_en}."),
        (None, "en", "Learn about {d_en} treatment options."),

        (RELIGION, "zh", "{who}信奉{rel_zh}多年"),
        (RELIGION, "zh", "{who}每周日去教堂做礼拜"),
        (RELIGION, "zh", "{who}是虔诚的{rel_zh}信徒"),
        (RELIGION, "en", "{who_en} is {rel_en} and keeps kosher."),
        (RELIGION, "en", "{who_en} became a {rel_en} after college."),
        (RELIGION, "en", "{who_en} was baptized last Easter."),
        (None, "zh", "{rel_zh}寺庙建筑风格介绍"),
        (None, "zh", "尊重少数民族的宗教信仰"),
        (None, "en", "The {rel_en} community center hosts a food drive."),
        (None, "en", "A history of {rel_en} architecture."),

        (BIOMETRIC, "zh", "{who}的人脸数据已上传至平台"),
        (BIOMETRIC, "zh", "系统保存了{who}的指纹图像"),
        (BIOMETRIC, "zh", "{who}的声纹已注册成功"),
        (BIOMETRIC, "en", "{who_en}'s fingerprints on file with the agency."),
        (BIOMETRIC, "en", "The bank stored {who_en}'s iris scan."),
        (BIOMETRIC, "en", "A DNA sample was collected from {who_en}."),
        (None, "zh", "指纹识别模组的市场规模持续扩大"),
        (None, "zh", "支持人脸解锁和指纹支付"),
        (None, "en", "Enable the fingerprint sensor in settings."),
        (None, "en", "Gene editing is a fast-moving field."),

        (MINOR, "zh", "{who}的孙子才{age}岁"),
        (MINOR, "zh", "{who}儿子今年读小学二年级"),
        (MINOR, "zh", "孩子年龄：{age_digit}岁"),
        (MINOR, "zh", "{who}家闺女刚满{age}岁"),
        (MINOR, "en", "{who_en}'s son just turned {age_en}; he is {age_en} years old."),
        (MINOR, "en", "My niece is a fifth grader at Oak Elementary."),
        (MINOR, "en", "Child's age: {age_digit}"),
        (None, "zh", "{age}岁以下儿童禁止使用"),
        (None, "zh", "招收3至6岁的幼儿"),
        (None, "zh", "小学二年级语文上册教案"),
        (None, "zh", "{who}已经{bigage}岁了"),
        (None, "en", "Kids under {age_digit} ride free."),
        (None, "en", "{who_en}, aged {bigage_en}, joined the club."),
        (None, "en", "This brand is {age_digit} years old this month."),

        (LOCATION, "zh", "{who}的行动轨迹：上午9点到达火车站，下午去了商场"),
        (LOCATION, "zh", "根据通行记录，{who}于3月2日离开小区"),
        (LOCATION, "zh", "{who}昨天的乘车记录显示在西站下车"),
        (LOCATION, "en", "{who_en}'s movements were tracked to the harbor at 2 am."),
        (LOCATION, "en", "Cell tower records place {who_en} near the station."),
        (LOCATION, "en", "{who_en}'s whereabouts on Friday night are unknown."),
        (None, "zh", "旅游出行攻略推荐"),
        (None, "zh", "本应用需要获取位置信息权限"),
        (None, "en", "Enable location permissions to use the map."),
        (None, "en", "Check-in desk closes 40 minutes before departure."),

        (FINANCIAL, "zh", "{who}背了五十万房贷"),
        (FINANCIAL, "zh", "{who}的银行流水显示每月收入8000元"),
        (FINANCIAL, "zh", "{who}被列为失信被执行人"),
        (FINANCIAL, "en", "{who_en} owes $30,000 in student loans."),
        (FINANCIAL, "en", "{who_en} filed for bankruptcy in 2019."),
        (FINANCIAL, "en", "{who_en}'s annual salary is 85,000 dollars."),
        (None, "zh", "银行贷款利率一览表"),
        (None, "zh", "人均可支配收入稳步增长"),
        (None, "en", "The national debt reached a new high."),
        (None, "en", "Savings account rates are falling."),

        (IDENTITY, "zh", "{who}曾因诈骗罪被判处有期徒刑三年"),
        (IDENTITY, "zh", "{who}有前科"),
        (IDENTITY, "zh", "{who}的民族：{eth_zh}"),
        (IDENTITY, "zh", "{who}双目失明，靠按摩为生"),
        (IDENTITY, "en", "{who_en} served time for armed robbery."),
        (IDENTITY, "en", "{who_en} is legally blind."),
        (IDENTITY, "en", "{who_en} receives a disability pension."),
        (None, "zh", "{eth_zh}聚居地区的风俗"),
        (None, "zh", "犯罪记录查询流程"),
        (None, "en", "The feature is disabled by default."),
        (None, "en", "A double-blind trial was conducted."),

        (ORIENTATION, "zh", "{who}是男同，还没跟父母说"),
        (ORIENTATION, "zh", "{who}公开出柜后失去了工作"),
        (ORIENTATION, "zh", "{who}的性取向是同性"),
        (ORIENTATION, "en", "{who_en} came out to the family in June."),
        (ORIENTATION, "en", "{who_en} is gay and married to Tom."),
        (ORIENTATION, "en", "{who_en} told me she is a lesbian."),
        (None, "zh", "同性恋题材电影近年增多"),
        (None, "zh", "反对对性少数群体的歧视"),
        (None, "en", "The bar is popular with the gay community."),
        (None, "en", "Same-sex marriage was legalized in 2015."),

        (None, "zh", "系统将于今晚零点升级维护"),
        (None, "zh", "会议纪要已上传共享盘"),
        (None, "en", "Quarterly revenue grew by 4 percent."),
        (None, "en", "The printer on floor 3 is out of toner."),
    ],
}

_EN_AGE_WORDS = {"七": "seven", "十": "ten", "三": "three", "八": "eight", "十二": "twelve",
                 "十六": "sixteen", "三十": "thirty", "十五": "fifteen", "二十": "twenty"}

WRAPPERS = {
    "zh": [
        "{s}",
        "用户A：{s}\n用户B：好的，知道了。",
        "姓名：王某\n求职意向：行政助理\n备注：{s}\n工作经历：2019-2023 某贸易公司",
        "问：{s}，想请教一下。\n答：建议咨询专业人士。",
        "2024-03-05 10:32:11 INFO req=ab12 msg=\"{s}\"",
        "【登记表】\n联系人：陈某\n情况说明：{s}\n填表日期：2024年1月",
        "Re: 周报\n{s}。Thanks, see you tomorrow.",
    ],
    "en": [
        "{s}",
        "user: {s}\nassistant: Thanks for letting me know.",
        "Name: J. Doe\nObjective: Office manager\nNotes: {s}\nExperience: 2019-2023 Acme Ltd",
        "Q: {s} Any advice?\nA: Please consult a professional.",
        "2024-03-05T10:32:11Z INFO request_id=ab12 note=\"{s}\"",
        "INTAKE FORM\nContact: K. Lee\nRemarks: {s}\nDate: 2024-01-09",
        "备注：{s} 请尽快处理。",
    ],
}


def _fill(template: str, rng: random.Random, fill: dict) -> str:
    age = rng.choice(fill["age"])
    bigage = rng.choice(fill["bigage"])
    digit_age = age if age.isdigit() else str(rng.choice([4, 6, 9, 11]))
    values = {
        "who": rng.choice(fill["who_zh"]),
        "who_en": rng.choice(fill["who_en"]),
        "d_zh": rng.choice(fill["d_zh"]),
        "d_en": rng.choice(fill["d_en"]),
        "rel_zh": rng.choice(fill["rel_zh"]),
        "rel_en": rng.choice(fill["rel_en"]),
        "eth_zh": rng.choice(fill["eth_zh"]),
        "age": age,
        "age_digit": digit_age,
        "age_en": _EN_AGE_WORDS.get(age, age),
        "bigage": bigage,
        "bigage_en": _EN_AGE_WORDS.get(bigage, bigage),
    }
    return template.format(**values)


def records(split: str, seed: int = 7, per_template: int = 3) -> list[tuple[str, frozenset[str]]]:
    """Labelled records: single statements, plus pairs mixing a positive of
    one category with a hard negative (the label is the positive's only)."""
    rng = random.Random(f"{split}:{seed}")
    fill = FILL[split]
    singles: list[tuple[str, str, frozenset[str]]] = []
    for category, lang, template in TEMPLATES[split]:
        for _ in range(per_template):
            sentence = _fill(template, rng, fill)
            labels = frozenset({category}) if category else frozenset()
            singles.append((lang, sentence, labels))
    out = []
    for lang, sentence, labels in singles:
        wrapper = rng.choice(WRAPPERS[lang])
        out.append((wrapper.format(s=sentence), labels))
    positives = [x for x in singles if x[2]]
    negatives = [x for x in singles if not x[2]]
    for _ in range(len(singles) // 3):
        p = rng.choice(positives)
        n = rng.choice(negatives)
        first, second = (p, n) if rng.random() < 0.5 else (n, p)
        joiner = "。" if first[0] == "zh" else " "
        out.append((first[1] + joiner + second[1], p[2]))
    return out


def score_records(findings_for, recs) -> dict[str, tuple[float, float, float, int, int, int]]:
    """Record-level (precision, recall, F1, tp, fp, fn) per category."""
    tp = dict.fromkeys(CATEGORIES, 0)
    fp = dict.fromkeys(CATEGORIES, 0)
    fn = dict.fromkeys(CATEGORIES, 0)
    for text, labels in recs:
        found = findings_for(text)
        for c in CATEGORIES:
            if c in found and c in labels:
                tp[c] += 1
            elif c in found:
                fp[c] += 1
            elif c in labels:
                fn[c] += 1
    out = {}
    for c in CATEGORIES:
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 1.0
        r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[c] = (p, r, f, tp[c], fp[c], fn[c])
    return out


EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
MIN_SCORE = 0.5  # the engine's default


@pytest.fixture(scope="module")
def detector() -> SensitiveCueDetector:
    return SensitiveCueDetector()


def kept(detector, text: str):
    return [f for f in detector.find(ScanText(text)) if f.score >= MIN_SCORE]


def types(detector, text: str) -> set[str]:
    return {f.entity_type for f in kept(detector, text)}


# -- statements about a person are findings --------------------------------

@pytest.mark.parametrize(
    "text, entity_type",
    [
        ("患者张三确诊糖尿病", "HEALTH_INFO"),
        ("我妈妈有高血压", "HEALTH_INFO"),
        ("she was diagnosed with depression", "HEALTH_INFO"),
        ("He is HIV positive.", "HEALTH_INFO"),
        ("My dad has been taking metformin for years.", "HEALTH_INFO"),
        ("他是基督徒", "RELIGION_INFO"),
        ("她信仰伊斯兰教", "RELIGION_INFO"),
        ("My neighbour is a practicing Buddhist.", "RELIGION_INFO"),
        ("员工李某的指纹信息已录入考勤系统", "BIOMETRIC_INFO"),
        ("The face template of the user was stored.", "BIOMETRIC_INFO"),
        ("我女儿今年9岁", "MINOR_INFO"),
        ("他8岁的女儿在上幼儿园", "MINOR_INFO"),
        ("孩子读小学三年级", "MINOR_INFO"),
        ("My son is 8 years old.", "MINOR_INFO"),
        ("Her daughter is a 3rd grader.", "MINOR_INFO"),
        ("定位显示他昨晚10点在酒店", "LOCATION_TRACE"),
        ("She checked in at the hotel at 10:32.", "LOCATION_TRACE"),
        ("他的征信记录有逾期", "FINANCIAL_INFO"),
        ("He defaulted on his loan.", "FINANCIAL_INFO"),
        ("他有前科，刑满释放后找工作很难", "SPECIFIC_IDENTITY_INFO"),
        ("他是维吾尔族", "SPECIFIC_IDENTITY_INFO"),
        ("My uncle is a wheelchair user.", "SPECIFIC_IDENTITY_INFO"),
        ("他去年出柜了", "SEXUAL_ORIENTATION_INFO"),
        ("he came out as gay", "SEXUAL_ORIENTATION_INFO"),
    ],
)
def test_statement_about_a_person_is_a_finding(detector, text, entity_type):
    assert entity_type in types(detector, text)


def test_anchored_assertion_scores_at_least_0_7(detector):
    findings = kept(detector, "我妈妈确诊了乳腺癌")
    assert findings and all(f.score >= 0.7 for f in findings)


# -- negations and generic mentions are not --------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "the clinic treats diabetes",
        "糖尿病的预防方法",
        "如何治疗抑郁症",
        "What are the symptoms of depression?",
        "he was not diagnosed with diabetes",
        "患者否认高血压病史",
        "他没有犯罪记录",
        "本人无不良征信",
        "他不是同性恋",
        "She has no criminal record.",
        "佛教是世界三大宗教之一",
        "这款手机支持指纹解锁",
        "The laptop has a fingerprint reader.",
        "如何关闭手机定位功能",
        "这家公司的产品定位很清晰",
        "今年的存款利率又下调了",
        "Mortgage rates rose again this week.",
        "请提供无犯罪记录证明",
        "商场设有残疾人专用通道",
        "同性婚姻在一些国家已经合法化",
        "The city hosted a gay pride parade.",
        "Check your mirrors for blind spots.",
    ],
)
def test_negated_or_generic_mention_is_not_a_finding(detector, text):
    assert types(detector, text) == set()


def test_bare_mention_scores_below_the_default_threshold(detector):
    raw = detector.find(ScanText("抑郁症"))
    assert raw and all(f.score < MIN_SCORE for f in raw)


def test_negation_in_an_earlier_clause_does_not_cancel_a_later_assertion(detector):
    assert "HEALTH_INFO" in types(detector, "他没有高血压，但是确诊了糖尿病")


# -- biometric data: collecting or storing it is processing it ---------------

@pytest.mark.parametrize(
    "text",
    [
        "医院采集了声纹用于自助挂号机的身份核验。",
        "INFO 采集面部识别数据成功，用户ID 694e",
        "采集项目：虹膜数据",
        "护士给他录入指纹",
        "他们采集了他的指纹",
        "The clinic stores a fingerprint scan at check-in.",
        "Face ID data is stored on the device.",
        "人脸识别数据已上传",
    ],
)
def test_collected_or_stored_biometric_data_is_a_finding_without_a_named_person(detector, text):
    assert "BIOMETRIC_INFO" in types(detector, text)


def test_request_to_provide_biometric_data_is_a_finding(detector):
    # Decided: asking someone for their fingerprints is collecting them.
    assert "BIOMETRIC_INFO" in types(detector, "请提供您的指纹信息")


@pytest.mark.parametrize(
    "text",
    ["指纹识别技术越来越成熟", "The fingerprint sensor market is growing.", "App不得违规采集人脸信息",
     "人脸识别技术的发展", "指纹锁打折了"],
)
def test_biometric_technology_and_prohibitions_are_not_findings(detector, text):
    assert "BIOMETRIC_INFO" not in types(detector, text)


# -- anchors, assertions and frames -------------------------------------------

@pytest.mark.parametrize(
    "text, entity_type",
    [("Priya is Hindu.", "RELIGION_INFO"), ("Tom has type 1 diabetes.", "HEALTH_INFO"),
     ("My neighbour Mary B. Allen is an Orthodox Jew.", "RELIGION_INFO")],
)
def test_english_name_before_is_or_has_anchors_the_person(detector, text, entity_type):
    (f,) = [f for f in kept(detector, text) if f.entity_type == entity_type]
    assert f.score >= 0.8


@pytest.mark.parametrize("text", ["老王得了糖尿病", "小李是穆斯林"])
def test_lao_or_xiao_with_a_surname_anchors_the_person(detector, text):
    assert max(f.score for f in kept(detector, text)) >= 0.8


@pytest.mark.parametrize("text", ["宗教信仰：是穆斯林", "宗教信仰：是伊斯兰教信徒。"])
def test_form_field_label_asserts_even_before_a_weak_verb(detector, text):
    assert "RELIGION_INFO" in types(detector, text)


def test_diagnosis_right_before_the_term_outweighs_a_topical_word_after_it(detector):
    assert "HEALTH_INFO" in types(detector, "我被诊断为乳腺癌早期")
    assert "HEALTH_INFO" not in types(detector, "乳腺癌早期症状有哪些")


# -- minors: ages under 14 only ---------------------------------------------

@pytest.mark.parametrize("age", ["9", "13", "九", "十三", "两"])
def test_age_under_14_with_a_person_is_a_minor(detector, age):
    assert "MINOR_INFO" in types(detector, f"我儿子今年{age}岁了")


@pytest.mark.parametrize("text", ["我儿子今年14岁了", "他今年十六岁", "My son is 15 years old.", "她30岁"])
def test_age_of_14_or_more_is_not_a_minor(detector, text):
    assert "MINOR_INFO" not in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["适合3-6岁儿童", "未满14岁的儿童需家长陪同", "12岁以下儿童禁止使用", "Suitable for ages 8 and up.",
     "Kids under 12 ride free.", "小学三年级数学练习题", "3rd grade math worksheets"],
)
def test_age_ranges_thresholds_and_school_material_are_not_minors(detector, text):
    assert "MINOR_INFO" not in types(detector, text)


def test_age_inside_a_longer_number_is_ignored(detector):
    assert "MINOR_INFO" not in types(detector, "我儿子今年109岁")


@pytest.mark.parametrize("s, n", [("9", 9), ("十", 10), ("十三", 13), ("二十", 20), ("两", 2), ("十二", 12), ("三十五", 35)])
def test_chinese_numerals_read_as_ages(s, n):
    assert zh_number(s) == n


# -- spans -------------------------------------------------------------------

def test_span_covers_the_assertion_and_the_term(detector):
    text = "患者张三确诊糖尿病"
    (f,) = kept(detector, text)
    assert text[f.start:f.end] == "确诊糖尿病"


def test_offsets_map_back_through_zero_width_and_full_width_characters(detector):
    text = "ＡＢ他\u200b确诊\u200b糖尿病"
    (f,) = kept(detector, text)
    assert text[f.start:f.end].replace("\u200b", "") == "确诊糖尿病"


def test_value_names_the_category_and_never_holds_surrounding_text(detector):
    (f,) = kept(detector, "联系人王五，他确诊了哮喘")
    assert f.value.startswith("HEALTH_INFO:") and "王五" not in f.value


# -- lexicon data -------------------------------------------------------------

def test_every_category_in_the_lexicon_is_a_declared_entity():
    raw = load_raw()
    assert set(raw["categories"]) | {"MINOR_INFO"} == set(SensitiveCueDetector.ENTITIES)


def test_lexicon_entries_are_all_strings():
    # YAML 1.1 turns a bare `no` into False; load_raw must refuse that.
    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from walk(v)
        elif isinstance(node, list):
            yield from node

    assert all(isinstance(w, str) for w in walk(load_raw()))


# -- accuracy -----------------------------------------------------------------

@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_record_level_f1_is_at_least_0_9_per_category(detector, split):
    recs = records(split)
    result = score_records(lambda t: types(detector, t), recs)
    for c in CATEGORIES:
        p, r, f1, tp, fp, fn = result[c]
        assert tp >= 25, f"{split}: too few positives for {c}"
        assert f1 >= 0.9, f"{split} {c}: P={p:.2f} R={r:.2f} F1={f1:.2f}"


def test_english_template_sentences_without_sensitive_facts_raise_no_cues(detector):
    path = EVAL / "presidio_research_synth" / "synth_dataset_v2.json"
    if not path.exists():
        pytest.skip("../shared/eval not present: presidio_research_synth/synth_dataset_v2.json")
    texts = [r["full_text"] for r in json.loads(path.read_text("utf-8"))]
    flagged = sum(1 for t in texts if kept(detector, t))
    assert flagged <= len(texts) // 100


def test_chinese_resume_sentences_rarely_raise_cues(detector):
    path = EVAL / "resume_ner" / "train.jsonl"
    if not path.exists():
        pytest.skip("../shared/eval not present: resume_ner/train.jsonl")
    texts = [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    flagged = sum(1 for t in texts if kept(detector, t))
    assert flagged <= len(texts) // 200


# -- cost -----------------------------------------------------------------------

def test_adversarial_text_is_scanned_in_linear_time(detector):
    nasty = ("确诊" * 20000) + ("岁" * 20000) + ("diagnosed with " * 5000) + ("9 years " * 5000)
    t0 = time.process_time()
    detector.find(ScanText(nasty))
    assert time.process_time() - t0 < 2.0


@pytest.mark.timing
def test_throughput_on_mixed_text_is_well_above_one_megabyte_per_second(detector):
    docs = [ScanText(t) for t, _ in records("dev") + records("heldout")] * 3
    nbytes = sum(len(d.original.encode("utf-8")) for d in docs)
    t0 = time.process_time()
    for d in docs:
        detector.find(d)
    elapsed = time.process_time() - t0
    # Budget is 3 MB/s; assert a floor that a loaded CI machine still meets.
    assert nbytes / 1e6 / elapsed >= 1.0


# -- families of health, biometric, finance, minor and trace expressions ------
# Written for the 0.3.0 fixes; every sentence is invented.

@pytest.mark.parametrize(
    "text",
    [
        "我妹妹上个月做了胆囊切除，现在恢复得不错",       # a procedure done
        "我爸对头孢类抗生素过敏",                          # an allergy with its trigger
        "我空腹血糖7.8，餐后血糖11.3",                     # readings with values
        "我妈的糖化血红蛋白是8.4",
        "我宫颈筛查结果是HPV阳性",                          # a test outcome
        "我舅舅前年得了带状疱疹，到现在还神经痛",
        "我老公住院了，医生说是胆囊炎",
        "My aunt is allergic to sulfa drugs.",
        "my blood pressure was 162/98 this morning",
        "My husband was hospitalized with bronchitis last winter.",
        "Her mammogram came back abnormal.",
        "I get migraines every few weeks.",
    ],
)
def test_procedures_allergies_readings_and_results_of_a_person_are_health_findings(detector, text):
    assert HEALTH in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "我奶奶帕金森越来越重了，怎么办？",
        "我儿子哮喘又犯了，需要去医院吗？",
        "Q: my grandfather has dementia, what should we do?",
    ],
)
def test_a_persons_own_question_still_states_their_condition(detector, text):
    assert HEALTH in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "我外甥女8岁，咳嗽一个多星期了",
        "孩子昨晚发烧到39度，一直没退",
        "患者某某，男，因腹泻两天就诊",
        "my son has had a fever since Tuesday",
    ],
)
def test_a_symptom_of_a_particular_person_with_a_duration_or_temperature_is_health(detector, text):
    assert HEALTH in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "发烧怎么办？多喝热水",
        "咳嗽是常见的呼吸道症状",
        "他是个音响发烧友",
        "Fever is the body's response to infection.",
        "The city has cabin fever after the long winter.",
        "A rash of burglaries hit the town.",
        "That was a rash decision.",
    ],
)
def test_symptoms_without_a_person_or_anything_concrete_are_not_findings(detector, text):
    assert HEALTH not in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "用户留言：降压药需要饭后服用吗",                   # a role in a form label
        "患者咨询：糖尿病患者可以吃水果吗",
        "糖尿病患者要控制碳水摄入",                        # "X患者" names a group
        "正常空腹血糖应在3.9到6.1之间",                    # a norm, not a reading
        "对青霉素过敏者禁用本品",                          # a leaflet names nobody
        "A normal A1C is below 5.7 percent.",
        "Tell your doctor if you are allergic to penicillin.",
        "我没有任何药物过敏史",
    ],
)
def test_labels_group_nouns_norms_and_leaflets_are_not_health_findings(detector, text):
    assert HEALTH not in types(detector, text)


def test_an_anchored_x_patient_phrase_is_still_a_fact(detector):
    assert HEALTH in types(detector, "我爸是糖尿病患者，每天打针")


@pytest.mark.parametrize(
    "text",
    [
        "提示：掌纹录入成功",
        "人脸核验通过，请进站",
        "您已成功开通刷脸支付",
        "Touch ID enrolled on the new laptop",
        "iris scan registered for badge access",
        "She enrolled her fingerprint at the front desk.",
    ],
)
def test_a_completed_biometric_enrolment_or_check_is_a_finding(detector, text):
    assert BIOMETRIC in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "SSH host key fingerprint verified for the server",
        "The TLS certificate fingerprint was added to the pin list.",
        "如何开通指纹支付？",
        "未开通刷脸支付的用户请先实名认证",
        "How to set up Face ID on an iPhone",
    ],
)
def test_key_fingerprints_how_tos_and_negations_are_not_biometric_findings(detector, text):
    assert BIOMETRIC not in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "我支付宝余额还有三千多",
        "前天花呗逾期了两千",
        "我借呗借了四万，下个月到期",
        "I have about 8k in savings.",
    ],
)
def test_own_balances_and_debts_with_amounts_are_financial_findings(detector, text):
    assert FINANCIAL in types(detector, text)


@pytest.mark.parametrize("text", ["银行存款利率下调了", "存款还有哪些理财方式？", "A talk about savings plans."])
def test_generic_money_talk_is_not_a_financial_finding(detector, text):
    assert FINANCIAL not in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "my youngest just turned 7",
        "our twins are four",
        "her nephew, who is 11, plays violin",
        "My little sister is 12 and loves robots.",
    ],
)
def test_a_possessed_childs_age_without_years_old_is_a_minor(detector, text):
    assert MINOR in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["my son is 6 feet tall", "our daughter is one of the finalists", "my kids are 15 and 17",
     "her brother was 3 hours late"],
)
def test_heights_times_and_older_ages_are_not_minors(detector, text):
    assert MINOR not in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["我老婆信上帝，每周日去教会", "他皈依了藏传佛教", "They are Jehovah’s Witnesses.", "My parents are devout Sikhs."],
)
def test_more_ways_of_stating_a_faith_are_religion_findings(detector, text):
    assert RELIGION in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["我周二去了杭州，周四在苏州，周六回上海", "她早上7点半从宿舍出门，8点到实验室", "他每晚9点都会出现在公园门口"],
)
def test_timed_movements_of_a_person_are_a_location_trace(detector, text):
    assert LOCATION in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["列车7点从南京出发，11点到达北京", "营业时间：周一到周五9点到18点", "会议9点开始，10点到会场"],
)
def test_timetables_and_opening_hours_are_not_location_traces(detector, text):
    assert LOCATION not in types(detector, text)


# -- how far a negation reaches ------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "I don't have diabetes.",
        "He doesn't have cancer.",
        "My son doesn't have autism, the doctor said.",
        "She isn't diabetic.",
        "He isn't a Muslim.",
        "I don't have a criminal record.",
        "I haven't been diagnosed with depression.",
        "She wasn’t diagnosed with cancer.",
        "i dont have diabetes",
    ],
)
def test_english_contracted_negation_negates_the_term(detector, text):
    assert types(detector, text) == set()


@pytest.mark.parametrize(
    "text, entity_type",
    [
        ("He can't work because he has epilepsy.", HEALTH),
        ("She doesn't know I have HIV.", HEALTH),
        ("I don't want anyone to know I'm gay.", ORIENTATION),
    ],
)
def test_english_negation_of_another_verb_does_not_reach_the_term(detector, text, entity_type):
    assert entity_type in types(detector, text)


@pytest.mark.parametrize(
    "text, entity_type",
    [
        ("没想到我爸查出了肺癌。", HEALTH),
        ("我妈没多久就确诊了糖尿病。", HEALTH),
        ("他一直没告诉家人自己有抑郁症。", HEALTH),
        ("我还没结婚就查出了不孕。", HEALTH),
        ("他没办法只能承认自己有前科。", IDENTITY),
        ("未成年时他就有犯罪记录。", IDENTITY),
        ("患者3天前无明显诱因出现发热，体温最高39.2℃。", HEALTH),
        ("患者无明显诱因出现胸痛，伴大汗。", HEALTH),
        ("他因非法集资被判刑三年", IDENTITY),
        ("我在无锡确诊了肺癌", HEALTH),
    ],
)
def test_chinese_negation_of_something_else_does_not_cancel_the_term(detector, text, entity_type):
    assert entity_type in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["我没有糖尿病", "他没有得过糖尿病", "患者无高血压病史", "未发现他有糖尿病", "医生没说我有糖尿病", "我没查出糖尿病",
     "他未患糖尿病", "我从来没有被诊断为抑郁症", "非糖尿病患者也要控制饮食", "没想到他没有糖尿病",
     "I don't think I have diabetes.", "既往史：否认高血压、糖尿病、冠心病病史，否认肝炎、结核等传染病史。"],
)
def test_negation_that_reaches_the_term_still_negates_it(detector, text):
    assert types(detector, text) == set()


# -- results without a value, record labels, more conditions --------------------

@pytest.mark.parametrize(
    "text",
    [
        "体检报告显示我的血糖偏高。",
        "我血压有点高，需要吃药吗？",
        "我尿酸偏高，平时要注意什么？",
        "最近转氨酶升高了，是怎么回事？",
        "My blood pressure is high, should I be worried?",
        "Her liver enzymes were elevated.",
        "主诉：反复咳嗽咳痰3天，伴发热。",
        "初步诊断：社区获得性肺炎",
        "入院诊断：1.社区获得性肺炎 2.高血压病3级",
        "【现病史】患者2周前出现咳嗽",
        "否认吸烟、饮酒，既往史：高血压、糖尿病",
        "Assessment: hypertension, poorly controlled. Continue lisinopril.",
        "Patient: Jane Doe, 45F. Chief complaint: chest pain x 2 days.",
        "My son has Asperger's.",
        "I'm pregnant.",
        "I am pregnant and due in May.",
        "I was depressed for months",
        "I had a panic attack at work yesterday.",
    ],
)
def test_results_without_a_value_record_labels_and_more_conditions_are_health(detector, text):
    assert HEALTH in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "血压偏高的原因有哪些？",
        "血糖高的人不能吃什么",
        "如果血压偏高，应该少吃盐",
        "正常人血糖偏低怎么办",
        "If your blood pressure is high, see a doctor.",
        "When blood pressure is high, the heart works harder.",
        "Can pregnant women take aspirin?",
        "The market was depressed for months.",
        "主诉：无发热",
        "Chief complaint: no fever.",
        "血压计的使用方法",
    ],
)
def test_advice_about_results_and_negated_record_fields_are_not_health(detector, text):
    assert HEALTH not in types(detector, text)


# -- infant ages and the ages of things ------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "我儿子5个月，老是吐奶。",
        "宝宝三个月大，湿疹很严重。",
        "孩子10个月了，还不会爬。",
        "宝宝出生42天，黄疸还没退。",
        "三个月大的宝宝晚上总哭",
        "我家宝宝现在才8个月",
        "My 10 y/o keeps getting headaches.",
        "My daughter, 6yo, has eczema.",
        "Patient is a 7 y.o. boy with asthma.",
        "My 3 week old has a rash.",
    ],
)
def test_infant_ages_in_months_or_days_and_y_o_ages_are_minors(detector, text):
    assert MINOR in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "本公司成立于2010年，今年13岁了。",
        "我家狗狗5岁了",
        "小狗三个月大",
        "孩子3个月没回家了",
        "宝宝6个月后可以添加辅食",
        "孩子3天没吃饭",
        "出生后3天内需要接种疫苗",
        "怀孕5个月了",
        "贷款期限12个月",
        "I'm 30yo and tired.",
        "room 123yo",
    ],
)
def test_ages_of_things_durations_and_adults_are_not_minors(detector, text):
    assert MINOR not in types(detector, text)


def test_a_childs_age_after_a_pets_age_is_still_a_minor(detector):
    found = [f for f in kept(detector, "我家狗狗5岁了，我女儿8岁了") if f.entity_type == MINOR]
    assert [f.value for f in found] == ["age:8"]


# -- a professional's subject is not their own condition ------------------------

@pytest.mark.parametrize(
    "text",
    [
        "我们医院新开了糖尿病专病门诊。",
        "我是一名内科医生，从事糖尿病治疗20年。",
        "本人熟悉征信报告解读，有3年风控经验。",
        "我负责公司的贷款审批业务。",
        "2019.07-至今 某银行信贷部，负责房贷、车贷审批，年均放款2亿元。",
        "I'm writing a paper on depression in teenagers.",
        "I'm a doctor treating diabetes patients.",
    ],
)
def test_work_on_a_subject_is_not_a_personal_cue(detector, text):
    assert types(detector, text) == set()


@pytest.mark.parametrize(
    "text, entity_type",
    [
        ("我们家孩子有哮喘。", HEALTH),
        ("我们俩都是基督徒。", RELIGION),
        ("王某确诊糖尿病。", HEALTH),
        ("某某说她有抑郁症", HEALTH),
        ("张某某有前科", IDENTITY),
        ("我银行存款有二十万", FINANCIAL),
        ("我在银行的存款只有五万", FINANCIAL),
        ("I'm on antidepressants.", HEALTH),
    ],
)
def test_plural_and_mou_persons_and_own_bank_savings_are_still_anchored(detector, text, entity_type):
    assert entity_type in types(detector, text)


# -- amounts and subjects around money and whereabouts ----------------------------

@pytest.mark.parametrize(
    "text, entity_type",
    [
        ("他名下有两套房，存款一百多万。", FINANCIAL),
        ("我工资才3000多，怎么攒钱？", FINANCIAL),
        ("我工资3000，怎么攒钱？", FINANCIAL),
        ("根据手机定位，他昨晚11点还在酒吧。", LOCATION),
    ],
)
def test_approximate_amounts_and_a_subject_in_the_next_clause_count(detector, text, entity_type):
    assert entity_type in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["存款利率一百多万起存", "贷款2019年办的", "根据手机定位，昨晚11点有人在酒吧", "工资3000多的工作好找吗",
     "如何打开定位，他说不会"],
)
def test_rates_years_and_clauses_without_a_person_stay_generic(detector, text):
    assert types(detector, text) == set()


# -- "not … until", clause-taking negations, telling, statistics, job ads ---------

@pytest.mark.parametrize(
    "text",
    [
        "I wasn't diagnosed with ADHD until I was 30.",
        "My son wasn't diagnosed with autism until he was 7.",
        "I didn't get diagnosed with autism until my 40s.",
        "I hadn't been diagnosed with depression until college.",
        "I didn't find out I had diabetes until last year.",
        "我一直没查出糖尿病，直到去年体检才查出来。",
    ],
)
def test_a_negation_resolved_by_until_asserts_the_fact(detector, text):
    assert HEALTH in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "I haven't been diagnosed with diabetes until now.",
        "I don't have diabetes, but I'll wait until the results come back.",
        "我没有糖尿病，直到现在也没有。",
    ],
)
def test_until_now_or_until_in_another_clause_keeps_the_negation(detector, text):
    assert HEALTH not in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "There is no evidence that he has HIV.",
        "No signs that she has cancer.",
        "We found no proof that he has a criminal record.",
        "The doctor ruled out that she has cancer.",
        "The patient denies that she has chest pain.",
        "没有任何证据表明他有前科。",
        "排除了他患有癌症的可能。",
        "家属否认患者有高血压病史。",
        "他否认自己有前科。",
    ],
)
def test_a_negation_taking_a_clause_reaches_past_its_subject(detector, text):
    assert types(detector, text) == set()


@pytest.mark.parametrize(
    "text, entity_type",
    [
        ("我一直没敢跟家里说我是同性恋。", ORIENTATION),
        ("我没跟别人说过我有乙肝。", HEALTH),
        ("我一直没有勇气说出我是同性恋。", ORIENTATION),
        ("我从来没对同事说过自己有抑郁症。", HEALTH),
    ],
)
def test_not_telling_someone_a_fact_does_not_negate_it(detector, text, entity_type):
    assert entity_type in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["他没说过自己有前科。", "医生没说我有糖尿病。", "我没敢去医院查糖尿病。", "没有和高血压相关的症状。"],
)
def test_saying_without_an_addressee_and_not_daring_to_act_stay_negated(detector, text):
    assert types(detector, text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "最近确诊病例大幅增加。",
        "这几天新冠确诊病例又增加了。",
        "最近查出糖尿病的人越来越多。",
        "最近很多年轻人得了抑郁症。",
        "最近被诊断为抑郁症的青少年越来越多。",
        "最近化疗的费用降低了。",
    ],
)
def test_news_about_cases_in_general_is_not_a_personal_fact(detector, text):
    assert HEALTH not in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["最近查出了糖尿病。", "最近我被诊断为抑郁症。", "去年确诊了糖尿病。", "最近刚做完化疗。",
     "最近血糖一直偏高，上个月查出了糖尿病。"],
)
def test_a_dropped_subject_with_a_recent_time_is_still_the_speaker(detector, text):
    assert HEALTH in types(detector, text)


@pytest.mark.parametrize(
    "text",
    ["招聘：销售代表，月薪5000-8000，包吃住。", "薪资：月薪8000起。", "我们招聘客服，月薪6000，五险一金。",
     "诚聘厨师\n待遇：月薪7000以上"],
)
def test_a_job_ads_pay_is_not_a_persons_financial_information(detector, text):
    assert FINANCIAL not in types(detector, text)


@pytest.mark.parametrize("text", ["我月薪5000，房贷还要3000。", "我现在月薪8000。", "她上个月工资才3000多。"])
def test_own_pay_is_still_financial_information(detector, text):
    assert FINANCIAL in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Impression: The film captures the loneliness of depression beautifully.",
        "Diagnosis: the engine misfire was caused by a cancer of rust in the cylinder.",
        "Impression: A bleak portrait of depression.",
    ],
)
def test_a_record_label_in_a_review_or_repair_note_is_not_health(detector, text):
    assert HEALTH not in types(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "Impression: Major depressive disorder, recurrent.",
        "Diagnosis: Type 2 diabetes mellitus.",
        "Assessment: 54yo M with type 2 diabetes, poorly controlled.",
        "Assessment: Patient is a 67 year old male with worsening heart failure.",
        "Chief complaint: cough.\nImpression: The findings are most consistent with pneumonia.",
    ],
)
def test_a_record_label_in_a_record_still_asserts_health(detector, text):
    assert HEALTH in types(detector, text)
