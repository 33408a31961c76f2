#!/usr/bin/env python3
"""Builds planning-followup-2024.json (and planning-assignment-statuses-2024.json) from the seed's text.

The seed is a PDF turned into text: table columns come one after the other and lines wrap at the
column width. Each block below names the seed's lines of one cell; the helpers only undo the wrapping
(lines of a paragraph are joined with a space, a blank line separates paragraphs, "›" starts an action).
Run once and read the JSON by eye against the seed; the JSON is what is committed and loaded.
"""
import json, re, sys
from pathlib import Path

SEED = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/seeds/uppsala-socialnamnden-arsbokslut-2024.txt")
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent
lines = SEED.read_text(encoding="utf-8").split("\n")

def L(a, b):  # the seed's lines a..b, 1-based and inclusive
    return lines[a - 1:b]

def one(text):
    return re.sub(r"\s+", " ", text).strip()

def joined(a, b, drop_suffix=None, drop_prefix=None):
    text = one(" ".join(L(a, b)))
    if drop_prefix and text.startswith(drop_prefix):
        text = text[len(drop_prefix):].strip()
    if drop_suffix and text.endswith(drop_suffix):
        text = text[: -len(drop_suffix)].strip()
    return text

def paragraphs(a, b):
    """Blank lines separate paragraphs. A short line ending a sentence inside a block is a paragraph end
    too (the seed lost the blank line there, e.g. in the first special-reporting answer)."""
    block, result = [], []
    rows = L(a, b)
    width = max((len(r.rstrip()) for r in rows), default=0)
    def flush():
        if block:
            result.append(one(" ".join(block)))
            block.clear()
    for row in rows:
        if not row.strip():
            flush()
            continue
        block.append(row)
        if row.rstrip().endswith(".") and len(row.rstrip()) < 0.6 * width:
            flush()
    flush()
    return "\n\n".join(p for p in result if p)

def numbered(a, b):
    """'1. … 2. …' items of the structured report, one per line."""
    items, current = [], []
    for row in L(a, b):
        if re.match(r"^\s*\d+\.\s", row) and current:
            items.append(one(" ".join(current)))
            current = []
        if row.strip():
            current.append(row)
    if current:
        items.append(one(" ".join(current)))
    return "\n".join(items)

def actions(a, b):
    result, current = [], None
    for row in L(a, b):
        s = row.strip()
        if s.startswith("›"):
            if current is not None:
                result.append(one(current))
            current = s[1:]
        elif s and current is not None:
            current += " " + s
    if current is not None:
        result.append(one(current))
    return result

def status(line):
    return one(lines[line - 1])

FOCUS_GOALS = [
    # number, title line, assessment line, text lines
    (1, 116, 117, (119, 129)),
    (2, 369, 370, (372, 374)),
    (3, 418, 419, (421, 422)),
    (4, 464, 466, (468, 473)),
]

# number, focus goal, assignment text lines, status line (or the word at the text's end), actions, comment
ASSIGNMENTS = [
    (1, 1, (136, 141), 143, (145, 148), (150, 155)),
    (3, 1, (173, 176), 178, (180, 190), (192, 200)),
    (4, 1, (202, 207), 209, (211, 223), (225, 264)),
    (8, 1, (271, 275), "Klar", (277, 284), (286, 294)),
    (12, 2, (377, 380), 382, (384, 391), (393, 404)),
    (15, 2, (406, 408), "Klar", (410, 412), (414, 416)),
    (20, 3, (425, 428), "Klar", (430, 433), (435, 442)),
    (21, 3, (444, 445), 447, (449, 453), (455, 462)),
    (26, 4, (475, 478), 480, (482, 504), (506, 532)),
    (27, 4, (534, 536), 538, (540, 545), (547, 558)),
    (29, 4, (560, 563), 565, (566, 569), (571, 573)),
    (30, 4, (575, 576), 578, (580, 584), (586, 598)),
    (32, 4, (600, 602), 604, (606, 611), (613, 625)),
    (33, 4, (627, 629), 631, (633, 638), (640, 645)),
    (35, 4, (647, 650), 652, (654, 660), (662, 684)),
]

def assignment_text(number, rows, word):
    text = joined(*rows, drop_suffix=word if isinstance(word, str) else None)
    prefix = f"{number}."
    assert text.startswith(prefix), (number, text)
    return text[len(prefix):].strip()

plan_assignments, follow_up_assignments, statuses = [], [], []
for number, goal, text_rows, status_at, action_rows, comment_rows in ASSIGNMENTS:
    word = status_at if isinstance(status_at, str) else status(status_at)
    text = assignment_text(number, text_rows, status_at)
    item = {"number": number, "status": word, "actions": actions(*action_rows), "comment": paragraphs(*comment_rows)}
    if number == 1:
        item["structuredReport"] = {"delivery": numbered(158, 159), "effect": numbered(162, 166), "howMeasured": numbered(169, 171)}
    plan_assignments.append({"number": number, "text": text, "focusGoalNumber": goal, "committeeCodes": ["SCN"]})
    follow_up_assignments.append(item)
    statuses.append({"assignmentNumber": number, "period": {"year": 2024, "point": "PERIOD_POINT_FULL_YEAR"},
                     "status": "ASSIGNMENT_STATUS_DONE", "comment": item["comment"]})

# Line 302 holds both the action ("Se uppdrag 4") and the start of the comment.
goal1_row = one(lines[302 - 1]).removeprefix("›").strip()
assert goal1_row.startswith("Se uppdrag 4 ")
committee_goals = [
    {"text": joined(297, 299), "focusGoalNumber": 1, "status": status(301), "actions": ["Se uppdrag 4"],
     "comment": one(goal1_row[len("Se uppdrag 4 "):] + " " + " ".join(L(304, 304)))},
    {"text": joined(307, 309, drop_prefix="Nämndmål:"), "focusGoalNumber": 1, "status": status(311),
     "actions": actions(313, 334), "comment": paragraphs(336, 367)},
]

additional = [
    {"decidedBy": "KS", "decisionText": joined(699, 702), "decisionReference": "", "report": paragraphs(704, 719)},
    {"decidedBy": "KS", "decisionText": joined(723, 726), "decisionReference": "", "report": paragraphs(728, 734)},
    {"decidedBy": "KF", "decisionText": joined(739, 741), "decisionReference": "", "report": paragraphs(743, 779)},
]

questions = [(1, (785, 786), (788, 796)), (2, (799, 801), (803, 808)), (3, (811, 812), (814, 815))]

def section(kind, heading, text, goal=0, group=None):
    s = {"kind": kind, "heading": heading, "text": text}
    if goal:
        s["focusGoalNumber"] = goal
    if group:
        s["group"] = group
    return s

def bullet(a, b):
    return joined(a, b).removeprefix("›").strip()

analysis = [
    section("important_event", bullet(821, 821), paragraphs(823, 828)),
    section("important_event", bullet(830, 830), paragraphs(832, 835)),
    section("important_event", bullet(837, 838), paragraphs(840, 844)),
    section("important_event", bullet(846, 846), paragraphs(848, 850)),
    section("important_event", bullet(852, 853), paragraphs(855, 856)),
    section("important_event", bullet(863, 863), paragraphs(865, 868)),
    section("goal_fulfilment", joined(870, 870), paragraphs(871, 878)),
    section("goal_fulfilment", joined(880, 880), paragraphs(881, 882)),
    section("goal_fulfilment", joined(884, 884), paragraphs(886, 920), 1),
    section("goal_fulfilment", joined(922, 922), paragraphs(924, 928), 2),
    section("goal_fulfilment", joined(930, 930), paragraphs(932, 935), 3),
    section("goal_fulfilment", joined(937, 937), paragraphs(939, 946), 4),
    # Utvecklingen av grunduppdraget över tid; the chart between 956 and 960 is left out (its caption stays).
    section("core_mission", joined(952, 952), paragraphs(954, 1012), group=joined(950, 950)),
    # Line 1039 is the page's "Sida 8 (13)"; the paragraph runs on over it.
    section("core_mission", joined(1015, 1015), paragraphs(1017, 1035) + " " + paragraphs(1041, 1044)),
    # Kostnadsutveckling, then (after the seed's charts) the comparison with similar municipalities and R12.
    section("cost_development", joined(1086, 1086), paragraphs(1087, 1116) + "\n\n" + paragraphs(1120, 1135)),
    section("private_providers", joined(1136, 1136), paragraphs(1139, 1169)),
    section("future_challenge", bullet(1171, 1171), paragraphs(1173, 1177)),
    section("future_challenge", bullet(1179, 1179), paragraphs(1181, 1183)),
    # The seed's page ends in "kan" followed by the letters b, l, i one per line: "bli", and the rest is lost.
    section("future_challenge", bullet(1185, 1185), paragraphs(1187, 1191) + " " + "".join(r.strip() for r in L(1192, 1194))),
    section("future_challenge", bullet(1229, 1229), paragraphs(1231, 1237)),
    section("future_challenge", bullet(1239, 1239), paragraphs(1241, 1243)),
    section("future_challenge", bullet(1245, 1246), paragraphs(1248, 1252)),
    # The seed is cut off here mid-sentence; kept as it stands.
    section("future_challenge", bullet(1253, 1254), paragraphs(1256, 1257)),
]

# The tjänsteskrivelse (seed lines 1-99): its header names the memo's own diarienummer on line 33.
memo_header = one(lines[33 - 1])
cover_memo = {
    "title": joined(1, 1),
    "addressedTo": memo_header.split(" 20")[0],
    "caseNumber": re.search(r"SCN-\d{4}-\d{5}", memo_header).group(0),
    "proposalIntro": joined(4, 4),
    "proposals": [re.sub(r"^\d+\.\s*", "", joined(a, b)) for a, b in [(6, 6), (8, 9), (11, 12)]],
    "sections": [
        {"heading": joined(14, 14), "text": paragraphs(15, 21), "level": 1},
        {"heading": joined(23, 23), "text": paragraphs(25, 30), "level": 2},
        {"heading": joined(40, 40), "text": paragraphs(42, 53), "level": 2},
        {"heading": joined(55, 55), "text": paragraphs(57, 64), "level": 2},
        {"heading": joined(66, 66), "text": paragraphs(68, 74), "level": 2},
        {"heading": joined(76, 76), "text": paragraphs(78, 83), "level": 2},
        {"heading": joined(84, 84), "text": paragraphs(86, 86), "level": 2},
    ],
    # Each line starts with the PDF's bullet glyph (U+F0B7, a private-use character): the list is the template's.
    "decisionBasis": [joined(n, n).lstrip("\uf0b7").strip() for n in range(90, 95)],
    "signatoryName": joined(98, 98),
    "signatoryTitle": joined(99, 99),
}

document = {
    "plan": {
        "year": 2024,
        "focusGoals": [{"number": n, "title": one(lines[t - 1]), "showsEconomicResult": n == 1} for n, t, _, _ in FOCUS_GOALS],
        "assignments": plan_assignments,
    },
    "specialReportingRound": {
        "roundCode": "2024-synpunktshantering",
        "title": "Särskild rapportering årsbokslut 2024: synpunktshantering",
        "period": {"year": 2024, "point": "PERIOD_POINT_FULL_YEAR"},
        # Not in the seed (it shows only the answers): the office's deadline is assumed.
        "dueDate": "2025-01-31",
        "questions": [{"number": n, "text": joined(*q)} for n, q, _ in questions],
        "committeeCodes": ["SCN"],
    },
    "followUp": {
        "period": {"year": 2024, "point": "PERIOD_POINT_FULL_YEAR"},
        "committeeName": "Socialnämnden",
        "departmentName": "Socialförvaltningen",
        "preparedBy": one(lines[114 - 1]),
        "documentDate": "2025-02-07",
        "asOfLabel": one(lines[691 - 1]),
        "assessments": [{"focusGoalNumber": n, "assessment": one(lines[a - 1]), "text": paragraphs(*t)} for n, _, a, t in FOCUS_GOALS],
        "assignments": follow_up_assignments,
        "committeeGoals": committee_goals,
        "additionalAssignments": additional,
        "specialReportingAnswers": [{"roundCode": "2024-synpunktshantering", "questionNumber": n, "answer": paragraphs(*a)} for n, _, a in questions],
        "analysis": analysis,
        "coverMemo": cover_memo,
    },
    # The seed's Bilaga 1 header: Diarienummer SCN-2025-00043, dated 2025-02-07 (the decision date is assumed the same).
    "adoption": {"caseNumber": "SCN-2025-00043", "decisionDate": {"year": 2025, "month": 2, "day": 7}},
}

(OUT / "planning-followup-2024.json").write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
(OUT / "planning-assignment-statuses-2024.json").write_text(json.dumps(statuses, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
print("wrote planning-followup-2024.json and planning-assignment-statuses-2024.json")
