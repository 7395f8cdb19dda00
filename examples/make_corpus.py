"""Write the bundled example corpus (synthetic; every value is made up).

    python examples/make_corpus.py

Identity numbers get correct check digits computed here from invented bodies,
so the detectors' validators accept them; nothing refers to a real person.
The output is committed; rerunning gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detectors.checksums import iso7064_mod11_2_check_char  # noqa: E402

OUT = ROOT / "examples" / "corpus"
rng = random.Random(20261127)


def resident_id(region: str, birth: str) -> str:
    body = f"{region}{birth}{rng.randint(0, 999):03d}"
    return body + iso7064_mod11_2_check_char(body)


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    for d in "0123456789":
        cand = body + d
        total = 0
        for i, ch in enumerate(reversed(cand)):
            v = int(ch)
            if i % 2:
                v *= 2
                v = v - 9 if v > 9 else v
            total += v
        if total % 10 == 0:
            return cand
    raise RuntimeError("unreachable")


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


def chat_records() -> list[dict]:
    ids = [resident_id("110105", "19880314"), resident_id("440305", "19920721"), resident_id("310115", "20150602")]
    recs = [
        "您好，我叫王建国，订单一直没到，收货地址是北京市朝阳区建国路88号SOHO现代城5号楼1203室，电话13810012345。",
        f"客户李秀兰申请退款，身份证号{ids[0]}，银行卡号{luhn_complete('622848', 19)}，请尽快处理。",
        "Hi, this is Emily Carter. Please ship to 1600 Harbor View Drive, Apt 12, Springfield, IL 62704. My email is emily.carter@example.com.",
        "联系人：陈思远，手机 +86 139-1234-5678，座机 010-6552 9988，微信号 chen_siyuan88。",
        "我的QQ是 2845193306，有问题随时找我。订单号 202611270001234567，快递单号 SF1402938475610。",
        "请帮我改一下车牌信息，车牌号是粤B·D12345（新能源），原来的是京A·8F2K9。",
        "下单人护照号码 E12345678，港澳通行证 C12345678，台胞证 12345678，方便核对。",
        "Customer John Miller says his card 4111 1111 1111 1111 was charged twice; refund to IBAN GB82 WEST 1234 5698 7654 32.",
        "我妈妈有高血压，一直在吃降压药，你们的产品她能用吗？",
        "登录日志显示用户从 203.0.113.45 和 2001:db8::8a2e:370:7334 登录，定位坐标 31.2304, 121.4737。",
        f"孩子今年9岁，上小学三年级，需要办理儿童票，孩子身份证 {ids[2]}。",
        "Our clinic treats diabetes and offers free screening on weekends.",
        "糖尿病的预防方法有哪些？平时饮食要注意什么？",
        "你好，我想问一下发票什么时候能开好？谢谢。",
        f"用户张伟的身份证号是 {fullwidth(ids[1])}，请在系统里核实。",
        "The customer's UK number is +44 20 7946 0958 and her US line is (415) 555-0132.",
        "香港客户身份证 A123456(3)，澳门居民身份证 1234567(8)，台湾身份证 A123456789。",
        "He told me he has a criminal record and was released last year.",
        "客户说他是虔诚的基督徒，周日不方便接电话。",
        "请提供您的指纹信息和人脸照片以完成实名认证。",
        "用户征信记录显示有两笔逾期贷款，暂不能开通分期。",
        "She came out as gay last year and asked us to update her profile.",
        "我的行程轨迹：上午10点在徐汇区打卡，下午3点到了浦东机场。",
        "My SSN is 536-22-8174, please update my tax form.",
        "收件人：欧阳娜娜，地址：广东省深圳市南山区科技园南区高新南七道8号，邮编518057。",
        "Order 20231105123045 shipped; ISBN 978-7-115-42802-8 is on backorder.",
        "客服工号 8012，处理时长 35 分钟，满意度 5 分。",
        "他是维吾尔族，持有残疾证，需要无障碍通道。",
        "Please call me back at 021-6888 1234 ext. 56 after 6 pm.",
        "感谢您的耐心等待，祝您生活愉快！",
    ]
    out = []
    for i, text in enumerate(recs, start=1):
        out.append({"id": f"chat-{i:04d}", "source": "cs-chat", "user_id": f"u{i:03d}", "text": text})
    return out


def resume_records() -> list[dict]:
    texts = [
        "刘志强，男，1985年出生，中共党员，本科学历，现任某科技公司技术总监。联系电话 13912345678，邮箱 liuzq@example.cn。",
        f"姓名：赵雅婷  身份证：{resident_id('320102', '19900812')}  住址：江苏省南京市玄武区中山路18号3栋502室",
        "Michael Zhang, Senior Data Engineer. 8 years of experience with Spark and Beam. Phone: +1 (206) 555-0187.",
        "孙丽华，女，汉族，硕士研究生，曾任上海某银行风险管理部经理，年薪50万。",
        "工作经历：2015-2019 在杭州某互联网公司任后端工程师；2019至今任架构师。",
        "Sarah O'Connor — Product Manager, lives at 42 Elm Street, Boston, MA 02118.",
        "诸葛明远，研究方向为自然语言处理，发表论文12篇，曾获国家奖学金。",
        "周建华 1978年生 高级会计师 有刑满释放记录 现从事财务咨询",
        "Education: BSc Computer Science, 2012. Skills: Python, SQL, Go.",
        "候选人马晓燕，联系方式 186-0123-4567，期望工作地点北京市海淀区中关村大街27号。",
    ]
    return [
        {"id": f"cv-{i:03d}", "source": "hr-resumes", "user_id": f"u{30 + i:03d}", "text": t}
        for i, t in enumerate(texts, start=1)
    ]


def medqa_records() -> list[dict]:
    texts = [
        "患者张三，男，45岁，确诊2型糖尿病，目前服用二甲双胍，血糖控制一般。",
        "问：孩子今年6岁，反复咳嗽两周，需要做什么检查？答：建议先拍胸片。",
        "医生您好，我女儿8岁，被诊断为注意力缺陷多动障碍，该怎么办？",
        "Patient reports she was diagnosed with depression in 2021 and takes sertraline daily.",
        "如何预防高血压？多运动、少吃盐。",
        "My son is 7 years old and in the 2nd grade; he has asthma and uses an inhaler.",
        "本人HIV阳性，想咨询一下阻断药的副作用。",
        "What are the symptoms of diabetes? Frequent urination and thirst are common.",
        "患者李红，女，32岁，身份证 " + resident_id("510104", "19940203") + "，住院号 ZY20261127。",
        "我爸爸去年确诊肺癌，现在在化疗，医保卡号不方便透露。",
    ]
    return [
        {"id": f"qa-{i:03d}", "source": "med-qa", "user_id": f"u{40 + i:03d}", "text": t}
        for i, t in enumerate(texts, start=1)
    ]


def forum_records() -> list[dict]:
    texts = [
        "楼主自述：本人是佛教徒，吃素十年了，身体很好。",
        "I'm a practicing Muslim and I pray five times a day; any halal places near campus?",
        "晒一下我的体检报告，确诊了脂肪肝，大家有什么建议？",
        "今天天气真好，去西湖边走了走。",
        "Anyone know good hiking trails near Hangzhou?",
        "我是同性恋，出柜三年了，家人慢慢接受了。",
    ]
    return [{"id": f"post-{i:03d}", "source": "forum-posts", "text": t} for i, t in enumerate(texts, start=1)]


def log_lines() -> list[str]:
    return [
        "2026-11-26T08:15:02Z INFO login ok user=13700001111 ip=198.51.100.23",
        "2026-11-26T08:15:07Z WARN retry upstream=10.0.0.12:8443 latency_ms=1203",
        "2026-11-26T08:16:40Z INFO sms sent to 15098765432 template=verify",
        "2026-11-26T08:17:11Z ERROR payment declined card=6222021234567890128 reason=limit",
        "2026-11-26T08:18:00Z INFO gps 39.9042,116.4074 device=ios-17 trip=start",
        "2026-11-26T08:19:30Z DEBUG build 1.24.3 commit 7f3a9c2 duration 3.2s",
    ]


def crawl_records() -> list[dict]:
    texts = [
        "某小区业主群公告：请3号楼的陈女士（电话 13566667777）尽快挪车，车牌浙A·12345。",
        "新闻：市政府今天召开发布会，介绍城市更新计划。",
        "Contact our press office at press@example.org for interviews.",
        "转发：寻人启事，刘小明，男，今年10岁，上小学四年级，身穿蓝色校服。",
    ]
    return [{"id": f"crawl-{i:03d}", "source": "web-crawl", "text": t} for i, t in enumerate(texts, start=1)]


def write_jsonl(path: Path, rows: list[dict], gz: bool = False) -> None:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    if gz:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as f:
            f.write(data)
        data = buf.getvalue()
    path.write_bytes(data)


def main() -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    OUT.mkdir(parents=True, exist_ok=True)
    write_jsonl(OUT / "chat.jsonl", chat_records())
    write_jsonl(OUT / "resumes.jsonl.gz", resume_records(), gz=True)
    rows = medqa_records()
    with open(OUT / "medical_qa.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["id", "source", "user_id", "text"])
        w.writeheader()
        w.writerows(rows)
    pq.write_table(pa.Table.from_pylist(forum_records()), OUT / "forum.parquet")
    (OUT / "app-logs.txt").write_text("\n".join(log_lines()) + "\n", encoding="utf-8")
    write_jsonl(OUT / "web-crawl.jsonl", crawl_records())
    # A cut-off line, as crawls contain: the scan turns it into a reject row.
    with open(OUT / "web-crawl.jsonl", "a", encoding="utf-8") as f:
        f.write('{"id": "crawl-005", "source": "web-crawl", "text": "报名请联系王老师\n')


if __name__ == "__main__":
    main()
