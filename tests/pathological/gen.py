#!/usr/bin/env python3
"""Pathological issue files, after cmark's pathological tests: inputs
that make a careless parser quadratic.  Each case is a function of a size
n (its natural unit: lines, fragments, bytes) that returns the page text;
nothing large is kept in the repository, the files are made when wanted.

    python3 tests/pathological/gen.py --list
    python3 tests/pathological/gen.py CASE N OUT.txt

tests/pathological/linear.py runs every case at n and 4n under callgrind
and checks the work grows linearly; `make bench-pathological` runs the big
sizes (BIG below) and prints time and peak memory."""
import sys

HEAD = "---\ndate: 2025-06-03\npage: 5\nedition: 要闻\n---\n\n"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "明远静怡文斌佩琳嘉树雨萌知行书澜思源雨桐川启雪"
PLACES = ["江苏省苏州市昆山市", "湖北省宜昌市夷陵区", "浙江省湖州市长兴县",
          "安徽省合肥市蜀山区", "湖南省长沙市", "四川省成都市武侯区"]
CITIES = ["长沙", "南京", "杭州", "合肥", "成都", "武汉"]


def name(i):
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + \
        GIVEN[(i // 3) % len(GIVEN)]


def headlines(n):
    """n short headline-like lines, no body between them."""
    return HEAD + "\n\n".join(f"{PLACES[i % 6][:3]}工会推进第{i}项工作" for i in range(n)) + "\n"


def headlines_dense(n):
    """n headline-like lines with no blank line between them."""
    return HEAD + "\n".join(f"职工书屋第{i}期开放" for i in range(n)) + "\n"


def paragraph(n):
    """One paragraph of n bytes (about), on one line."""
    s = "职工们在车间休息区交流技能提升的经验，工会为大家送上清凉饮品，"
    reps = max(1, n // len(s.encode()))
    return HEAD + "一线调研\n\n" + s * reps + "。\n"


def bylines(n):
    """n bylines in a row, under one headline."""
    out = [HEAD + "监督员“蹲”进车间以后"]
    for i in range(n):
        out.append(f"本报记者 {name(i)} 本报通讯员 {name(i + 1)}")
    out.append("正文一段，说的是车间里的事。")
    return "\n\n".join(out) + "\n"


def leads(n):
    """n news stories, each a 本报讯 lead after a headline."""
    out = [HEAD.rstrip("\n")]
    for i in range(n):
        out.append(f"{CITIES[i % 6]}工会开展第{i}次活动")
        out.append(f"本报讯（记者{name(i)} 通讯员{name(i + 3)}）近日，{PLACES[i % 6]}总工会"
                   f"开展第{i}次送清凉活动，惠及职工{i}人。")
    return "\n\n".join(out) + "\n"


def leads_only(n):
    """n 本报讯 leads in a row with no headlines at all."""
    return HEAD + "\n\n".join(f"本报讯 近日，某厂工会开展第{i}次活动。" for i in range(n)) + "\n"


def datelines(n):
    """n stories with datelines and 今天/昨天 (date inference)."""
    out = [HEAD.replace("date: 2025-06-03\n", "").rstrip("\n")]
    for i in range(n):
        out.append(f"劳动争议调解第{i}案办结")
        out.append(f"本报{CITIES[i % 6]}{i % 12 + 1}月{i % 28 + 1}日电（记者{name(i)}）"
                   f"今天，{PLACES[i % 6]}调解中心办结一起劳动争议，昨天已受理。")
    return "\n\n".join(out) + "\n"


def alternations(n):
    """n intertitle / paragraph alternations in one article."""
    out = [HEAD + "一线调研·工会这样干\n\n监督员“蹲”进车间以后\n\n本报记者 方知远"]
    for i in range(n // 2):
        out.append(f"问题在工位旁被发现{i}")
        out.append(f"驻车间监督员第{i}次走访，记下哪条产线订单集中、哪个班组夜班偏多。")
    return "\n\n".join(out) + "\n"


def fragments(n):
    """n column-break fragments: paragraphs cut mid-sentence."""
    out = [HEAD + "台账让监督有据可依\n\n本报讯（记者程远）监督员进了车间"]
    for i in range(n):
        out.append(f"的多次沟通下，第{i}家企业同意补发加班工资差额，并重新制定了")
    out.append("工时管理办法。")
    return "\n\n".join(out) + "\n"


def repeats(n):
    """The same paragraph n times (verbatim repeats are shown once)."""
    p = "据统计，全市已有基层工会劳动法律监督组织1180个，覆盖主要产业园区。"
    return HEAD + "监督员在行动\n\n本报讯（记者程远）近日，监督员上岗。\n\n" + \
        "\n\n".join([p] * n) + "\n"


def continuations(n):
    """n continued-from / continued-to markers between fragments."""
    out = [HEAD.rstrip("\n")]
    for i in range(n):
        out.append(f"（上接第{i % 8 + 1}版）")
        out.append(f"职工服务站第{i}站建成，提供政策咨询、法律援助等服务")
        out.append(f"（下转第{i % 8 + 2}版）")
    return "\n\n".join(out) + "\n"


def commas(n):
    """One line of n commas (full-width and half-width)."""
    return HEAD + "，," * (n // 2) + "\n"


def toc(n):
    """A table of contents of n lines."""
    out = [HEAD + "要目"]
    for i in range(n):
        out.append(f"工会推进劳动法律监督第{i}篇……{i % 40 + 1}")
    return "\n".join(out) + "\n"


def places(n):
    """One paragraph naming n places (gazetteer matching)."""
    s = "、".join(PLACES[i % 6] for i in range(n))
    return HEAD + "多地工会联动\n\n本报讯（记者程远）近日，" + s + "等地工会联合开展活动。\n"


def furniture(n):
    """n lines of page furniture."""
    f = ["责任编辑：许明", "E-mail:zgrb@example.cn", "扫一扫 关注职工日报", "第5版"]
    return HEAD + "\n\n".join(f[i % 4] for i in range(n)) + "\n"


def photos(n):
    """n picture captions with credits."""
    out = [HEAD.rstrip("\n")]
    for i in range(n):
        out.append(f"模具工的“绣花功”{i}")
        out.append(f"4月12日，第{i}名选手在规定时间内进行精密配合件的锉削加工。")
        out.append(f"本报记者 {name(i)} 摄")
    return "\n\n".join(out) + "\n"


def blank(n):
    """n blank and white-space-only lines (U+3000, U+200B, tabs)."""
    w = ["", "\u3000\u3000", "\u200b", "\t", " "]
    return HEAD + "\n".join(w[i % 5] for i in range(n)) + "\n正文。\n"


# Each case: (generator, n for the linearity test, n for the benchmark).
# The test's n is chosen so that parsing 4n costs some 120 million
# instructions (half a second under cachegrind), the benchmark's is the size
# the issue names (100,000 headlines, a 50 MB paragraph, ...).
CASES = {
    "headlines": (headlines, 1000, 100000),
    "headlines-dense": (headlines_dense, 1200, 100000),
    "paragraph": (paragraph, 100000, 50000000),
    "bylines": (bylines, 800, 10000),
    "leads": (leads, 250, 50000),
    "leads-only": (leads_only, 600, 100000),
    "datelines": (datelines, 250, 50000),
    "alternations": (alternations, 800, 100000),
    "fragments": (fragments, 500, 100000),
    "repeats": (repeats, 700, 100000),
    "continuations": (continuations, 250, 30000),
    "commas": (commas, 50000, 1000000),
    "toc": (toc, 600, 10000),
    "places": (places, 3000, 50000),
    "furniture": (furniture, 4000, 100000),
    "photos": (photos, 300, 30000),
    "blank": (blank, 100000, 1000000),
}


def main(argv):
    if len(argv) == 2 and argv[1] == "--list":
        for k, (f, small, big) in CASES.items():
            print(f"{k}\t{small}\t{big}\t{f.__doc__}")
        return 0
    if len(argv) != 4 or argv[1] not in CASES:
        sys.stderr.write(__doc__)
        return 2
    text = CASES[argv[1]][0](int(argv[2]))
    with open(argv[3], "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
