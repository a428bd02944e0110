"""Generated Chinese prose for the demo's manuscripts and documents: sentences put together
from the phrases county offices write with, headed the way official texts are (一、（一）),
so no two manuscripts read alike and the character count is a real count of a real text."""

import random

NUMERALS = "一二三四五六七八九十"

FIELDS = (
    "乡村振兴",
    "副中心城市建设",
    "营商环境优化",
    "生态环境保护",
    "基层治理",
    "民生实事",
    "产业转型升级",
    "文旅融合发展",
    "县域经济发展",
    "城乡融合发展",
    "安全生产",
    "招商引资",
    "农村人居环境整治",
    "教育医疗资源均衡",
    "干部作风建设",
    "党建引领基层治理",
    "防汛减灾",
    "特色农业提质增效",
    "重点项目建设",
    "数字政府建设",
    "就业创业服务",
    "社会保障兜底",
)
OPENINGS = (
    "今年以来，",
    "近年来，",
    "从调研情况看，",
    "总体上看，",
    "对照上级要求，",
    "实践证明，",
    "下一步，",
    "同时也要看到，",
    "从基层反映的情况看，",
    "具体工作中，",
    "经过深入调研，",
    "在县委的坚强领导下，",
    "围绕全年目标任务，",
    "按照省委市委部署，",
)
SUBJECTS = (
    "全县各级各部门",
    "各乡镇",
    "县级有关部门",
    "广大党员干部",
    "各级党组织",
    "相关责任单位",
    "县直各单位",
    "驻村工作队",
    "基层干部群众",
    "各牵头部门",
    "县委各部委",
    "各村（社区）",
)
ACTIONS = (
    "坚持问题导向和目标导向",
    "紧盯关键环节精准发力",
    "强化统筹协调和督促落实",
    "聚焦群众急难愁盼",
    "扎实推进各项任务落地见效",
    "持续深化改革创新",
    "主动对接上级政策",
    "层层压实工作责任",
    "建立健全长效机制",
    "加大要素保障力度",
    "推动资源向基层倾斜",
    "以钉钉子精神抓落实",
    "注重点面结合、示范带动",
    "把握时度效、稳扎稳打",
    "坚持系统观念统筹推进",
)
MEASURES = (
    "完善了{n}项工作制度",
    "新建了{n}个示范点",
    "梳理出{n}个方面的突出问题",
    "组织开展专项行动{n}次",
    "争取上级资金{n}亿元",
    "培育市场主体{n}家",
    "解决实际困难{n}件",
    "召开推进会{n}次",
    "形成典型经验{n}条",
    "带动群众增收{n}万元",
    "完成年度任务的{p}%",
    "开工建设项目{n}个",
    "化解矛盾纠纷{n}起",
    "培训基层干部{n}人次",
)
RESULTS = (
    "取得了阶段性成效",
    "群众获得感明显增强",
    "各项指标稳中有进",
    "工作格局进一步完善",
    "发展基础更加坚实",
    "得到上级充分肯定",
    "形成了可复制可推广的经验",
    "为全年目标任务完成打下了坚实基础",
    "发展质量和效益稳步提升",
    "基层基础不断夯实",
)
PROBLEMS = (
    "但也存在统筹推进力度不够、部门协同不够紧密等问题",
    "但部分领域短板弱项依然突出",
    "但个别单位思想认识不到位、工作措施不够有力",
    "但资金、土地、人才等要素制约仍然存在",
    "但与群众期盼相比还有不小差距",
    "但工作进展不平衡的问题依然存在",
)
REQUIREMENTS = (
    "必须以更高站位、更实举措推动工作",
    "要进一步增强责任感和紧迫感",
    "要坚持稳中求进工作总基调",
    "要切实把思想和行动统一到县委决策部署上来",
    "要以钉钉子精神抓好各项任务落实",
    "要坚持一切从实际出发",
    "要把握规律、守正创新",
    "要强化结果运用、严格考核奖惩",
)
HEADINGS = (
    "提高政治站位，切实增强做好{f}工作的责任感",
    "突出工作重点，扎实推进{f}各项任务",
    "强化组织保障，确保{f}取得实效",
    "坚持问题导向，着力破解{f}中的难题",
    "深化改革创新，激发{f}内生动力",
    "压实工作责任，推动{f}落地见效",
    "基本情况",
    "主要做法及成效",
    "存在的问题",
    "对策建议",
    "下一步工作打算",
)

TITLES = {
    "speech": ("在全县{f}工作会议上的讲话", "在县委{f}专题会议上的讲话", "在{f}推进会上的讲话"),
    "briefing": ("关于{f}工作情况的汇报", "{f}工作进展情况汇报", "关于{f}有关情况的汇报"),
    "research": ("关于{f}的调研报告", "{f}情况的调查与思考", "推进{f}的实践与探索"),
    "signed_article": ("以高质量党建引领{f}", "奋力推进{f}迈上新台阶", "在{f}中彰显担当作为"),
    "commissioned": ("{f}的县域实践", "关于加快{f}的思考", "{f}的经验与启示"),
    "other": ("{f}工作要点", "{f}情况说明", "关于{f}的材料"),
}


def sentence(rng: random.Random, field: str) -> str:
    shape = rng.randrange(5)
    measure = rng.choice(MEASURES).format(n=rng.randint(2, 60), p=rng.randint(60, 120))
    if shape == 0:
        return f"{rng.choice(OPENINGS)}{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}，{measure}，{rng.choice(RESULTS)}。"
    if shape == 1:
        return f"围绕{field}，{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}，{measure}，{rng.choice(PROBLEMS)}。"
    if shape == 2:
        return f"{rng.choice(OPENINGS)}{rng.choice(REQUIREMENTS)}，{rng.choice(ACTIONS)}，推动{field}{rng.choice(RESULTS)}。"
    if shape == 3:
        return f"在{rng.choice(FIELDS)}方面，{measure}；在{field}方面，{rng.choice(ACTIONS)}，{rng.choice(RESULTS)}。"
    return f"{rng.choice(SUBJECTS)}要{rng.choice(ACTIONS)}，{rng.choice(REQUIREMENTS)[1:]}，确保{field}{rng.choice(RESULTS)}。"


def paragraph(rng: random.Random, field: str) -> str:
    return "".join(sentence(rng, field) for _ in range(rng.randint(3, 7)))


def text(rng: random.Random, field: str, target: int) -> str:
    """About ``target`` characters: sections headed 一、 with paragraphs under them."""
    lines, length, section = [], 0, 0
    while length < target:
        if section < len(NUMERALS) and (not lines or rng.random() < 0.18):
            heading = f"{NUMERALS[section]}、{rng.choice(HEADINGS).format(f=field)}"
            section += 1
            lines.append(heading)
            length += len(heading)
        body = paragraph(rng, field)
        lines.append(body)
        length += len(body)
    return "\n".join(lines)


def title(rng: random.Random, kind: str, field: str) -> str:
    return rng.choice(TITLES[kind]).format(f=field)


def revise(rng: random.Random, old: str, field: str) -> str:
    """A later version: some paragraphs rewritten, one added."""
    lines = old.split("\n")
    for _ in range(max(1, len(lines) // 6)):
        index = rng.randrange(len(lines))
        if lines[index][:2] and lines[index][1] != "、":
            lines[index] = paragraph(rng, field)
    lines.append(paragraph(rng, field))
    return "\n".join(lines)
