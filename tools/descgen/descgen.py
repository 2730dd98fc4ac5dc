#!/usr/bin/env python3
"""descgen: synthetic lost-child reports for crowdsafe scale runs (ocean park, Hengqin).

Produces N open MISSING reports (guardians' words) plus M child pairs (a guardian's MISSING report
and, written differently, a patrol officer's FOUND report of the same child), in the JSON shape of
tests/testdata/descriptions/heldout_pairs.json:

  {"about": ..., "children": [{"id", "missing", "found"}], "distractors": [{"id", ...report}]}

  python3 tools/descgen/descgen.py --open 2000 --pairs 200 --seed 7 -o /tmp/desc_2000.json
  python3 tools/descgen/descgen.py --list-rates          # every noise rate, default and source
  python3 tools/descgen/descgen.py --open 200 --pairs 50 --rate shoes_not_noted=0.3

Python 3 standard library only; the same arguments and --seed give byte-identical output.

Vocabulary: every word list below (colours with shades and dialect forms, garments, patterns,
prints, brands, features, languages) was written for this generator. It was not taken from the
matcher's tables (services/cases/core/, config/phrases.yaml, common/text/) or from the
development set (../shared/data/descriptions/), none of which the author read.

Noise rates: the defaults in RATES were measured on the hand-written held-out set by
`python3 tests/testdata/descriptions/validate.py` (the name in brackets after each rate is the
line of that output it comes from). A few rates are not measurable there and are marked
"chosen": they are the author's estimate, set so that the generated output measures close to the
held-out set on the derived lines (top_colours_differ, language_field_differs, ...). Check a
generated file with the same validate.py.
"""
import argparse
import json
import random
import sys

# --------------------------------------------------------------------------------------------
# Noise rates: (default, source). See the module docstring.
RATES = {
    "found_before_report": (0.425, "validate: found_before_report"),
    "last_seen_after_found": (0.042, "validate: last_seen_after_found"),
    "long_search_before_report": (0.08, "chosen: guardians who searched 25-45 min first; "
                                  "validate report_minus_last_seen_mean 14.2, max 48"),
    "zone_same": (0.492, "validate: zone_same"),
    "zone_one_gate": (0.400, "validate: zone_one_gate (the rest, 0.108, is 2-3 gates)"),
    "guardian_shade_word": (0.55, "chosen: guardian uses a shade/dialect word for the top, "
                                   "bottom or hat, not the basic one"),
    "guardian_shade_word_shoes": (0.08, "chosen: the same for shoes; with english_guardian gives "
                                        "shoe_colours_differ ≈0.35 (validate)"),
    "officer_basic_word": (0.9, "chosen: officer writes the basic colour word"),
    "officer_dark_confusion": (0.08, "chosen: officer writes 黑/白 for navy/beige and the like"),
    "officer_drops_second_colour": (0.5, "chosen; with the above gives top_colours_differ ≈0.85"),
    "outer_layer": (0.158, "validate: jacket_in_missing_top"),
    "jacket_removed": (0.74, "validate: jacket_removed / jacket_in_missing_top = 0.117/0.158"),
    "jacket_remark": (0.5, "chosen: officer notes the jacket (腰上系着, 拿在手上)"),
    "shoes_not_noted": (0.161, "validate: shoes_not_noted"),
    "guardian_hat": (0.30, "validate: missing_with_hat"),
    "hat_dropped": (0.778, "validate: hat_dropped"),
    "toddler_sex_unknown": (0.333, "validate: toddler_sex_unknown"),
    "sex_wrong": (0.05, "validate: found_sex_wrong (applied to children aged 8 or under)"),
    "age_outside_range": (0.025, "validate: age_outside_range"),
    "height_null_missing": (0.067, "validate: height_null_missing"),
    "height_null_found": (0.15, "validate: height_null_found"),
    "height_error_sd": (2.7, "cm; chosen so that |diff| mean ≈2.2, max ≈8 (validate: "
                             "height_abs_diff_mean 2.18, height_abs_diff_max 8)"),
    "english_guardian": (0.20, "validate: english_missing 0.208, english_distractors 0.187"),
    "english_officer": (0.058, "validate: english_found"),
    "traditional_guardian": (0.05, "validate: traditional_missing"),
    "typo": (0.025, "validate: typo_pairs"),
    "officer_language_empty": (0.158, "validate: found_language_empty"),
    "language_form_differs": (0.575, "validate: language_field_differs 0.642 minus the empty "
                                     "ones, over the non-empty: (0.642-0.158)/0.842"),
    "officer_features_empty": (0.033, "validate: found_features_empty"),
    "close_distractor": (0.40, "validate: distractors_close_to_a_child 0.397 (an open report "
                               "built from a child of the pairs: same sex, age ±1, top and shoe "
                               "colour)"),
    "brand_or_print": (0.45, "chosen: guardian names a brand or a cartoon on the top"),
}

# Zones of config/venues/ocean.yaml and its inner gates (the zone graph).
ZONES = ["plaza", "parade", "penguin", "whaleshark", "polarbear", "theatre", "gardens"]
GATES = [("plaza", "parade"), ("parade", "penguin"), ("parade", "whaleshark"),
         ("parade", "gardens"), ("penguin", "polarbear"), ("gardens", "polarbear"),
         ("gardens", "theatre"), ("whaleshark", "theatre")]
# Share of missing reports per zone (validate: missing_zone_share): busy zones get more.
ZONE_SHARE = {"gardens": 0.276, "parade": 0.152, "theatre": 0.167, "plaza": 0.126,
              "whaleshark": 0.114, "penguin": 0.110, "polarbear": 0.055}
# Share of missing reports per opening hour, 10:00-21:00 (validate: missing_hour_share).
HOUR_SHARE = [0.040, 0.076, 0.102, 0.079, 0.102, 0.119, 0.114, 0.110, 0.064, 0.081, 0.071, 0.042]
# Ages of lost children (validate: missing_age_share), 1..12 years.
AGE_SHARE = {1: 2, 2: 18, 3: 45, 4: 46, 5: 54, 6: 60, 7: 44, 8: 45, 9: 35, 10: 27, 11: 22,
             12: 21, 13: 1}

# --------------------------------------------------------------------------------------------
# Colours. family: (officer zh, officer en, guardian shades zh, shades en, dialect/regional zh)
COLOURS = {
    "red":    ("红", "red", ["大红", "枣红", "砖红", "西瓜红", "番茄红", "正红"],
               ["scarlet", "cherry red", "tomato red", "bright red"], ["红彤彤", "赤红"]),
    "pink":   ("粉", "pink", ["樱花粉", "胭脂粉", "芭比粉", "桃粉", "水红", "裸粉"],
               ["hot pink", "baby pink", "blush pink", "salmon"], ["粉红", "桃红"]),
    "orange": ("橙", "orange", ["橘红", "橘黄", "南瓜色", "珊瑚橙", "杏橙"],
               ["tangerine", "coral", "peach", "burnt orange"], ["桔色", "柑色"]),
    "yellow": ("黄", "yellow", ["鹅黄", "姜黄", "柠檬黄", "芥末黄", "奶黄", "明黄"],
               ["mustard", "lemon yellow", "canary yellow", "butter yellow"], ["蛋黄色", "黄澄澄"]),
    "green":  ("绿", "green", ["墨绿", "草绿", "橄榄绿", "苹果绿", "荧光绿", "豆绿", "军绿"],
               ["olive", "lime", "forest green", "sage"], ["青色", "青绿"]),
    "blue":   ("蓝", "blue", ["天蓝", "宝蓝", "雾霾蓝", "孔雀蓝", "冰蓝", "牛仔蓝", "克莱因蓝"],
               ["sky blue", "royal blue", "baby blue", "cobalt", "denim blue"], ["粉蓝", "湖水蓝"]),
    "navy":   ("深蓝", "dark blue", ["藏蓝", "海军蓝", "墨蓝", "午夜蓝"],
               ["navy", "midnight blue", "ink blue"], ["深蓝", "蓝黑色"]),
    "purple": ("紫", "purple", ["香芋紫", "雪青", "葡萄紫", "丁香紫", "薰衣草紫"],
               ["lavender", "violet", "plum", "grape"], ["茄色", "紫红"]),
    "brown":  ("棕", "brown", ["驼色", "焦糖色", "巧克力色", "茶色", "浅咖"],
               ["tan", "camel", "chocolate", "caramel"], ["深啡", "咖啡色"]),
    "beige":  ("米", "beige", ["杏色", "奶茶色", "燕麦色", "沙色"],
               ["cream", "oatmeal", "sand", "stone"], ["米黄", "杏仁色"]),
    "white":  ("白", "white", ["奶白", "象牙白", "雪白", "本白", "月白"],
               ["off-white", "ivory", "snow white"], ["白雪雪", "雪雪白"]),
    "grey":   ("灰", "grey", ["烟灰", "炭灰", "铁灰", "麻灰", "浅灰"],
               ["charcoal", "heather grey", "gray", "slate"], ["鼠灰", "灰灰的"]),
    "black":  ("黑", "black", ["墨黑", "纯黑", "黢黑"], ["jet black", "black black"],
               ["乌色", "黑蚊蚊", "乌漆漆"]),
    "silver": ("银", "silver", ["亮银", "银灰"], ["metallic silver"], ["银色"]),
    "gold":   ("金", "gold", ["香槟金", "亮金"], ["golden"], ["金黄"]),
    "multi":  ("彩色", "multicolour", ["五颜六色", "彩虹色", "花花绿绿"],
               ["rainbow", "multi-coloured", "multicolor"], ["七彩"]),
}
# What an officer may write for a colour at a glance (officer_dark_confusion).
CONFUSED = {"navy": "黑", "beige": "白", "grey": "白", "pink": "红", "purple": "粉",
            "orange": "黄", "brown": "黑", "blue": "绿", "green": "蓝", "yellow": "橙"}
TOP_FAMILIES = ["red", "pink", "orange", "yellow", "green", "blue", "navy", "purple", "white",
                "grey", "black", "beige", "multi"]
BOTTOM_FAMILIES = ["blue", "navy", "black", "grey", "beige", "white", "pink", "red", "brown",
                   "green"]
SHOE_FAMILIES = ["white", "black", "pink", "blue", "red", "grey", "yellow", "silver", "purple",
                 "green", "multi", "brown", "navy"]

# Garments: (guardian zh, officer zh, en, kind). kind 'dress' takes no bottom.
TOPS = [
    ("短袖T恤", "短袖", "t-shirt", "tee"), ("T恤", "T恤", "tee", "tee"),
    ("半袖", "短袖", "short-sleeved top", "tee"), ("长袖T恤", "长袖", "long-sleeved top", "tee"),
    ("卫衣", "卫衣", "sweatshirt", "hoodie"), ("连帽卫衣", "连帽衫", "hoodie", "hoodie"),
    ("背心", "背心", "vest top", "vest"), ("无袖上衣", "背心", "sleeveless top", "vest"),
    ("polo衫", "短袖", "polo shirt", "polo"), ("衬衫", "衬衣", "shirt", "shirt"),
    ("格子衬衣", "衬衣", "checked shirt", "shirt"), ("球衣", "球衣", "football shirt", "jersey"),
    ("连衣裙", "裙子", "dress", "dress"), ("公主裙", "裙子", "princess dress", "dress"),
    ("背心裙", "裙子", "pinafore dress", "dress"), ("吊带裙", "裙子", "strappy sundress", "dress"),
    ("汉服", "古装", "hanfu costume", "dress"), ("针织衫", "毛衣", "knitted jumper", "tee"),
]
OUTERS = [("外套", "外套", "jacket"), ("防晒衣", "防晒衣", "sun jacket"),
          ("皮肤衣", "薄外套", "thin UV jacket"), ("冲锋衣", "外套", "windbreaker"),
          ("开衫", "开衫", "cardigan"), ("马甲", "马甲", "gilet"),
          ("牛仔外套", "牛仔外套", "denim jacket"), ("雨衣", "雨衣", "raincoat")]
BOTTOMS = [("短裤", "短裤", "shorts"), ("牛仔裤", "牛仔裤", "jeans"),
           ("牛仔短裤", "短裤", "denim shorts"), ("运动裤", "长裤", "joggers"),
           ("打底裤", "打底裤", "leggings"), ("背带裤", "背带裤", "dungarees"),
           ("半身裙", "短裙", "skirt"), ("百褶裙", "短裙", "pleated skirt"),
           ("工装裤", "长裤", "cargo trousers"), ("七分裤", "裤子", "cropped trousers"),
           ("纱裙", "裙子", "tulle skirt"), ("哈伦裤", "裤子", "harem pants")]
HATS = [("鸭舌帽", "帽子", "cap"), ("棒球帽", "帽子", "baseball cap"), ("渔夫帽", "帽子", "bucket hat"),
        ("遮阳帽", "帽子", "sun hat"), ("草帽", "草帽", "straw hat"), ("毛线帽", "帽子", "beanie"),
        ("企鹅帽", "企鹅帽子", "penguin hat"), ("鲸鲨头套帽", "鲨鱼帽", "whale-shark hat")]
SHOES = [("运动鞋", "运动鞋", "trainers"), ("跑鞋", "运动鞋", "running shoes"),
         ("凉鞋", "凉鞋", "sandals"), ("洞洞鞋", "洞洞鞋", "Crocs-style clogs"),
         ("帆布鞋", "帆布鞋", "canvas shoes"), ("亮灯鞋", "亮灯鞋", "light-up shoes"),
         ("雨靴", "雨鞋", "wellies"), ("小皮鞋", "皮鞋", "leather shoes"),
         ("拖鞋", "拖鞋", "flip-flops"), ("魔术贴鞋", "鞋", "velcro shoes"),
         ("板鞋", "板鞋", "skate shoes")]
SHOE_BRANDS = ["安踏", "李宁", "特步", "回力", "361度", "鸿星尔克", "Nike", "Adidas", "Puma",
               "New Balance", "Converse", "Crocs", "Vans", "迪卡侬"]
TOP_BRANDS = ["巴拉巴拉", "优衣库", "安踏儿童", "Nike", "Adidas", "Zara", "H&M", "迪卡侬"]
PRINTS = [("哪吒", "Nezha"), ("熊出没", "Boonie Bears"), ("喜羊羊", "Pleasant Goat"),
          ("超级飞侠", "Super Wings"), ("皮卡丘", "Pikachu"), ("蜘蛛侠", "Spider-Man"),
          ("海绵宝宝", "SpongeBob"), ("小黄人", "Minions"), ("凯蒂猫", "Hello Kitty"),
          ("玲娜贝儿", "LinaBell"), ("星黛露", "StellaLou"), ("草莓熊", "Lotso"),
          ("恐龙", "dinosaur"), ("鲸鲨", "whale shark"), ("企鹅", "penguin"), ("海豚", "dolphin"),
          ("变形金刚", "Transformers"), ("米奇", "Mickey"), ("冰雪奇缘", "Frozen"),
          ("宝可梦", "Pokemon"), ("小马宝莉", "My Little Pony")]
PATTERNS = [("条纹", "striped"), ("格子", "checked"), ("波点", "polka-dot"), ("碎花", "floral"),
            ("迷彩", "camouflage"), ("扎染", "tie-dye"), ("星星", "star-print")]

# Features: (guardian zh, officer zh, en). Officer words are shorter.
FEATURES = [
    ("扎两个小辫子", "两个辫子", "two pigtails"), ("扎马尾", "马尾", "ponytail"),
    ("齐刘海", "刘海", "straight fringe"), ("剃的寸头", "平头", "buzz cut"),
    ("自然卷", "卷发", "curly hair"), ("戴眼镜", "眼镜", "wears glasses"),
    ("门牙掉了一颗", "缺门牙", "missing a front tooth"), ("脸上贴着贴纸", "脸上有贴纸", "sticker on cheek"),
    ("手背上画了小鱼", "手上有画", "fish drawn on her hand"), ("手里拿着气球", "拿着气球", "holding a balloon"),
    ("抱着一个毛绒公仔", "抱着玩偶", "carrying a soft toy"), ("背着小书包", "书包", "small backpack"),
    ("戴着电话手表", "儿童手表", "phone watch on wrist"), ("额头有个小疤", "额头有疤", "scar on forehead"),
    ("手臂上有胎记", "有胎记", "birthmark on arm"), ("挂着水壶", "水壶", "water bottle on a strap"),
    ("笑起来有酒窝", "酒窝", "dimples"), ("戴着牙套", "牙套", "braces"),
    ("打了耳洞", "耳洞", "pierced ears"), ("晒得黑黑的", "皮肤黑", "very tanned"),
    ("胖乎乎的", "偏胖", "chubby"), ("很瘦", "瘦", "skinny"), ("戴着发箍", "发箍", "headband"),
    ("手腕上有写着电话的腕带", "手环有电话", "wristband with our phone number"),
    ("脸上有颗痣", "脸上有痣", "mole on the face"), ("很害羞，不爱说话", "不说话", "very shy"),
]
OFFICER_EXTRAS = [("在哭", "crying"), ("一直找妈妈", "asking for mum"), ("情绪稳定", "calm"),
                  ("不肯说名字", "won't give name"), ("自己说叫{nick}", "says name is {nick}"),
                  ("手里拿着冰淇淋", "holding an ice cream"), ("在{zone_zh}门口发现", "found at the entrance")]
NICKS_ZH = ["乐乐", "果果", "小宝", "米粒", "团团", "安安", "小鱼", "甜甜", "阳阳", "糖糖", "豆包"]
NICKS_EN = ["Mia", "Noah", "Ella", "Sam", "Lily", "Ben", "Zoe", "Max", "Leo", "Ava"]
ZONE_ZH = {"plaza": "主入口广场", "parade": "巡游大街", "penguin": "企鹅馆", "whaleshark": "鲸鲨馆",
           "polarbear": "北极熊园区", "theatre": "海洋剧场", "gardens": "海滨花园"}

# Languages: family -> (weight among Chinese-written reports, weight among English-written
# reports, guardian forms, officer forms). Officer forms include hedged ones.
LANGUAGES = {
    "mandarin":  (0.56, 0.05, ["普通话", "国语", "普通話", "Mandarin"], ["普通话", "普通话", "Mandarin"]),
    "cantonese": (0.17, 0.06, ["粤语", "粵語", "广东话", "廣東話", "白话", "Cantonese"],
                  ["粤语", "讲广东话", "粤语", "Cantonese"]),
    "hokkien":   (0.04, 0.01, ["闽南话", "閩南語", "台语", "台語", "Hokkien"],
                  ["闽南话", "听着像闽南话", "方言", "Hokkien"]),
    "teochew":   (0.03, 0.0, ["潮汕话", "潮州話", "潮汕話"], ["潮汕话", "方言，听不懂"]),
    "hakka":     (0.03, 0.0, ["客家话", "客家話"], ["客家话", "方言"]),
    "wu":        (0.03, 0.0, ["上海话", "沪语", "吴语"], ["上海话", "普通话带口音"]),
    "sichuan":   (0.04, 0.0, ["四川话", "重庆话", "川渝话"], ["四川话", "西南口音"]),
    "dongbei":   (0.03, 0.0, ["东北话"], ["东北口音", "普通话"]),
    "hunan":     (0.03, 0.0, ["湖南话", "长沙话"], ["湖南口音", "方言"]),
    "english":   (0.02, 0.55, ["English", "英语", "英文"], ["英语", "说英文", "English"]),
    "korean":    (0.03, 0.07, ["Korean", "韩语", "韓語"], ["韩语", "可能是韩语", "Korean"]),
    "japanese":  (0.02, 0.05, ["Japanese", "日语", "日本語"], ["日语", "Japanese"]),
    "russian":   (0.02, 0.09, ["Russian", "俄语"], ["俄语", "俄语?", "Russian"]),
    "portuguese": (0.01, 0.04, ["Portuguese", "葡萄牙语", "葡语"], ["葡萄牙语", "听不懂"]),
    "vietnamese": (0.01, 0.03, ["越南语", "Vietnamese"], ["越南话?", "听不懂"]),
    "tagalog":   (0.01, 0.05, ["Tagalog", "他加禄语", "Filipino"], ["菲律宾语", "英语"]),
}
TRADITIONAL_FAMILIES = ["cantonese", "cantonese", "cantonese", "mandarin", "hokkien", "portuguese"]

# Simplified -> Traditional for the characters this generator writes (its own small table).
S2T = str.maketrans({
    "红": "紅", "绿": "綠", "蓝": "藍", "黄": "黃", "裤": "褲", "袜": "襪", "带": "帶", "长": "長",
    "发": "髮", "绑": "綁", "马": "馬", "运": "運", "动": "動", "卫": "衛", "条": "條", "纹": "紋",
    "点": "點", "个": "個", "镜": "鏡", "头": "頭", "说": "說", "话": "話", "语": "語", "岁": "歲",
    "书": "書", "边": "邊", "这": "這", "会": "會", "灯": "燈", "凉": "涼", "连": "連", "衬": "襯",
    "鸭": "鴨", "渔": "漁", "亮": "亮", "牙": "牙", "贴": "貼", "纸": "紙", "毛": "毛", "线": "線",
    "鲸": "鯨", "鲨": "鯊", "装": "裝", "针": "針", "织": "織", "无": "無", "袖": "袖", "帽": "帽",
    "银": "銀", "紫": "紫", "灰": "灰", "乌": "烏", "拿": "拿", "气": "氣", "球": "球", "爱": "愛",
    "粤": "粵", "东": "東", "广": "廣", "闽": "閩", "们": "們", "画": "畫", "鱼": "魚", "坏": "壞",
    "颗": "顆", "痣": "痣", "疤": "疤", "胎": "胎", "记": "記", "壶": "壺", "挂": "掛", "腕": "腕",
    "电": "電", "表": "錶", "刘": "劉", "扎": "紮", "辫": "辮", "卷": "捲", "剃": "剃", "门": "門",
    "掉": "掉", "里": "裡", "瘦": "瘦", "晒": "曬", "黑": "黑", "绒": "絨", "仔": "仔", "双": "雙",
    "尔": "爾", "鸿": "鴻", "克": "克", "优": "優", "库": "庫", "侬": "儂", "迪": "迪", "儿": "兒",
    "脸": "臉", "着": "著", "别": "別", "戴": "戴", "两": "兩", "么": "麼", "穿": "穿", "时": "時",
    "间": "間", "见": "見", "买": "買", "钟": "鐘", "认": "認", "识": "識", "妈": "媽", "爷": "爺",
})
# Homophone and keyboard slips (typo), each written by hand.
TYPOS_ZH = [("蓝", "兰"), ("戴", "带"), ("牛仔", "牛子"), ("眼镜", "眼睛"), ("衬衫", "衬杉"),
            ("连衣裙", "连衣群"), ("运动鞋", "运东鞋"), ("凉鞋", "良鞋"), ("背心", "背芯")]
TYPOS_EN = [("jacket", "jaket"), ("trainers", "trainres"), ("sandals", "sandles"),
            ("t-shirt", "t-shrit"), ("glasses", "glases"), ("grey", "gery")]


# --------------------------------------------------------------------------------------------
class Gen:
    def __init__(self, seed, rates):
        self.r = random.Random(seed)
        self.p = rates
        self.adj = {z: [] for z in ZONES}
        for a, b in GATES:
            self.adj[a].append(b)
            self.adj[b].append(a)

    # small helpers
    def chance(self, name):
        return self.r.random() < self.p[name]

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def weighted(self, table):
        keys = list(table)
        return self.r.choices(keys, weights=[table[k] for k in keys])[0]

    def zones_at(self, zone, d):
        """Zones exactly d gates from zone (breadth-first over the gate graph)."""
        seen, ring = {zone}, [zone]
        for _ in range(d):
            nxt = []
            for z in ring:
                for n in self.adj[z]:
                    if n not in seen:
                        seen.add(n)
                        nxt.append(n)
            ring = nxt
        return sorted(ring)

    # ---- the child as it is (latent) ---------------------------------------------------------
    def child(self):
        r = self.r
        age = self.weighted(AGE_SHARE)
        sex = self.pick(["male", "female"])
        height = int(round(76 + 6.3 * age + r.gauss(0, 4.5)))
        top = self.pick(TOPS)
        while sex == "male" and top[3] == "dress" and r.random() < 0.93:
            top = self.pick(TOPS)
        c = {
            "age": age, "sex": sex, "height": max(55, min(185, height)),
            "top": top, "top_fam": self.pick(TOP_FAMILIES),
            "top_fam2": self.pick(TOP_FAMILIES) if r.random() < 0.3 else None,
            "pattern": self.pick(PATTERNS) if r.random() < 0.18 else None,
            "print": self.pick(PRINTS) if self.chance("brand_or_print") and r.random() < 0.7 else None,
            "brand": self.pick(TOP_BRANDS) if r.random() < 0.12 else None,
            "outer": (self.pick(OUTERS), self.pick(TOP_FAMILIES)) if self.chance("outer_layer") else None,
            "bottom": None if top[3] == "dress" else self.pick(
                BOTTOMS if sex == "female" else [b for b in BOTTOMS if "裙" not in b[0]]),
            "bottom_fam": self.pick(BOTTOM_FAMILIES),
            "hat": (self.pick(HATS), self.pick(TOP_FAMILIES)) if self.chance("guardian_hat") else None,
            "shoes": self.pick(SHOES), "shoe_fam": self.pick(SHOE_FAMILIES),
            "shoe_fam2": self.pick(SHOE_FAMILIES) if r.random() < 0.08 else None,
            "shoe_brand": self.pick(SHOE_BRANDS) if r.random() < 0.3 else None,
            "features": r.sample(range(len(FEATURES)), self.pick([1, 1, 2, 2, 2, 3])),
            "words": {},
        }
        if sex == "male":
            c["features"] = [i for i in c["features"]
                             if FEATURES[i][0] not in ("扎两个小辫子", "扎马尾", "打了耳洞")] or [5]
        c["english"] = self.chance("english_guardian")
        c["nick"] = self.pick(NICKS_EN if c["english"] else NICKS_ZH)
        if c["english"]:  # English-speaking guardians name the brands written in Latin letters
            for k, table in (("shoe_brand", SHOE_BRANDS), ("brand", TOP_BRANDS)):
                if c[k] and not c[k].isascii():
                    c[k] = self.pick([b for b in table if b.isascii()])
        c["traditional"] = (not c["english"]) and self.chance("traditional_guardian")
        if c["traditional"]:
            c["lang"] = self.pick(TRADITIONAL_FAMILIES)
        else:
            col = 1 if c["english"] else 0
            c["lang"] = self.r.choices(list(LANGUAGES), weights=[v[col] for v in LANGUAGES.values()])[0]
        c["zone"] = self.weighted(ZONE_SHARE)
        hour = self.r.choices(range(12), weights=HOUR_SHARE)[0]
        c["lost"] = min(700, hour * 60 + r.randrange(60))
        return c

    def near(self, base):
        """Another child close to `base`: same sex, age ±1, top and shoe colour family."""
        c = self.child()
        c["sex"] = base["sex"]
        c["age"] = max(1, min(13, base["age"] + self.pick([-1, 0, 0, 1])))
        c["height"] = max(55, int(round(base["height"] + self.r.gauss(0, 5))))
        c["top_fam"], c["shoe_fam"] = base["top_fam"], base["shoe_fam"]
        if self.r.random() < 0.5:
            c["top"], c["print"] = base["top"], base["print"]
            c["bottom"] = None if base["top"][3] == "dress" else c["bottom"] or self.pick(BOTTOMS)
        if self.r.random() < 0.4:
            c["shoes"] = base["shoes"]
        if self.r.random() < 0.35:
            c["zone"] = base["zone"]
        if c["english"] == base["english"] and self.r.random() < 0.7:
            c["words"] = {k: v for k, v in base["words"].items() if k in ("top", "shoes")}
        return c

    # ---- words ---------------------------------------------------------------------------------
    def colour_word(self, fam, who, english, slot="top", child=None):
        """A colour word as a guardian or an officer says it (the bare word, no 色)."""
        if child is not None and slot in child["words"] and who == "guardian":
            return child["words"][slot]
        w = self._colour_word(fam, who, english, slot)
        if child is not None and who == "guardian":
            child["words"].setdefault(slot, w)
        return w

    def _colour_word(self, fam, who, english, slot):
        zh, en, shades_zh, shades_en, dialect = COLOURS[fam]
        shade = "guardian_shade_word_shoes" if slot == "shoes" else "guardian_shade_word"
        if who == "officer":
            if self.chance("officer_dark_confusion") and fam in CONFUSED and not english:
                return CONFUSED[fam]
            if self.chance("officer_basic_word"):
                return en if english else zh
            return self.pick(shades_en) if english else self.pick(shades_zh + dialect)
        if english:
            return self.pick(shades_en) if self.chance(shade) else en
        if self.chance(shade):
            return self.pick(shades_zh) if self.r.random() < 0.75 else self.pick(dialect)
        return zh

    def se(self, word):
        """How the colour is written inside a Chinese description: 红 -> 红色 / 红."""
        if word.endswith(("色", "的")) or len(word) > 2 or not word or word.isascii():
            return word
        return word + self.pick(["色", "色", "色", ""])

    def garment(self, desc, colours):
        out, seen = [], set()
        for c in colours:
            if c and c not in seen:
                seen.add(c)
                out.append(c)
        return {"description": desc[:200], "colours": out[:5]}

    def guardian(self, c):
        r, en = self.r, c["english"]
        g = {}
        # top (with the outer layer over it)
        c1 = self.colour_word(c["top_fam"], "guardian", en, "top", c)
        c2 = self.colour_word(c["top_fam2"], "guardian", en, "top2", c) if c["top_fam2"] else None
        t_zh, _, t_en, _ = c["top"]
        if en:
            desc = f"{c1}{' and ' + c2 if c2 else ''} {c['pattern'][1] + ' ' if c['pattern'] else ''}{t_en}"
            if c["print"]:
                desc += self.pick([f" with {c['print'][1]} on it", f" with a {c['print'][1]} print",
                                   f" ({c['print'][1]})"])
            if c["brand"]:
                desc = f"{c['brand']} " + desc
            desc = desc[0].upper() + desc[1:]
        else:
            body = f"{c['pattern'][0] if c['pattern'] else ''}{t_zh}"
            col = self.se(c1) + (self.pick(["和", "", "配"]) + self.se(c2) if c2 else "")
            desc = self.pick([f"{col}{body}", f"{col}的{body}", f"穿着{col}{body}", f"{body}是{col}的"])
            if c["print"]:
                desc += self.pick([f"，印着{c['print'][0]}", f"，上面有{c['print'][0]}",
                                   f"，{c['print'][0]}图案的", f"（{c['print'][0]}）"])
            if c["brand"]:
                desc = self.pick([f"{c['brand']}的", f"{c['brand']}牌"]) + desc
        colours = [c1] + ([c2] if c2 else [])
        if c["outer"]:
            (o_zh, _, o_en), ofam = c["outer"]
            oc = self.colour_word(ofam, "guardian", en, "outer", c)
            if en:
                desc = f"{oc.capitalize()} {o_en} over a " + desc[0].lower() + desc[1:]
            else:
                o = self.se(oc) + o_zh
                desc = self.pick([f"{o}，里面是{desc}", f"外面{o}，里面{desc}", f"{desc}，外面套着{o}"])
            colours = [oc] + colours
        g["top"] = self.garment(desc, colours)
        # bottom
        if c["bottom"]:
            b_zh, _, b_en = c["bottom"]
            bc = self.colour_word(c["bottom_fam"], "guardian", en, "bottom", c)
            g["bottom"] = self.garment(f"{bc.capitalize()} {b_en}" if en else
                                       self.pick([f"{self.se(bc)}{b_zh}", f"{bc}色的{b_zh}"
                                                  if len(bc) == 1 else f"{bc}的{b_zh}"]), [bc])
        else:
            g["bottom"] = {"description": "", "colours": []}
        # hat
        if c["hat"]:
            (h_zh, _, h_en), hfam = c["hat"]
            hc = self.colour_word(hfam, "guardian", en, "hat", c)
            g["hat"] = self.garment(f"{hc.capitalize()} {h_en}" if en else f"{self.se(hc)}{h_zh}", [hc])
        else:
            g["hat"] = None
        # shoes
        s_zh, _, s_en = c["shoes"]
        sc = self.colour_word(c["shoe_fam"], "guardian", en, "shoes", c)
        sc2 = self.colour_word(c["shoe_fam2"], "guardian", en, "shoes2", c) if c["shoe_fam2"] else None
        brand = c["shoe_brand"]
        if en:
            desc = f"{sc.capitalize()}{' and ' + sc2 if sc2 else ''} {brand + ' ' if brand else ''}{s_en}"
        else:
            desc = self.pick([f"{self.se(sc)}{s_zh}", f"{self.se(sc)}的{s_zh}",
                              f"{brand or ''}{self.se(sc)}{s_zh}"])
            if sc2:
                desc += f"，带{sc2}"
            if brand and brand not in desc:
                desc = brand + desc
        g["shoes"] = self.garment(desc, [sc] + ([sc2] if sc2 else []))
        # features, language
        feats = [FEATURES[i][2 if en else 0] for i in c["features"]]
        if r.random() < 0.25:
            feats.append(f"we call her {c['nick']}" if en and c["sex"] == "female" else
                         f"we call him {c['nick']}" if en else f"小名叫{c['nick']}")
        g["features"] = (", " if en else "，").join(feats)
        forms = LANGUAGES[c["lang"]][2]
        if en:
            lang = next((f for f in forms if f.isascii()), forms[0])
        elif c["traditional"]:
            lang = next((f for f in forms if any(ch in f for ch in "語話粵閩")), forms[0])
        else:
            simple = [f for f in forms if not f.isascii() and not any(ch in f for ch in "語話粵閩")]
            lang = (simple[0] if simple and r.random() < 0.6 else
                    self.pick(simple) if simple and r.random() < 0.8 else self.pick(forms))
        g["language"] = lang
        if c["traditional"]:
            for k in ("top", "bottom", "hat", "shoes"):
                if g[k]:
                    g[k]["description"] = g[k]["description"].translate(S2T)
                    g[k]["colours"] = [x.translate(S2T) for x in g[k]["colours"]]
            g["features"] = g["features"].translate(S2T)
        return g

    def officer(self, c):
        r = self.r
        en = self.chance("english_officer")
        f = {}
        inner_only = c["outer"] and self.chance("jacket_removed")
        t_zh, t_off, t_en, _ = c["top"]
        c1 = self.colour_word(c["top_fam"], "officer", en)
        cols = [c1]
        if c["top_fam2"] and not self.chance("officer_drops_second_colour"):
            cols.append(self.colour_word(c["top_fam2"], "officer", en))
        if en:
            desc = f"{'/'.join(cols)} {t_en}"
            if c["print"] and r.random() < 0.6:
                desc += self.pick([" cartoon print", f" w/ {c['print'][1]}"])
        else:
            desc = f"{''.join(cols)}{self.pick(['', '色'])}{t_off}"
            if c["print"] and r.random() < 0.6:
                desc += self.pick(["，卡通图案", f"，印{c['print'][0]}", " 有图案"])
            if c["pattern"] and r.random() < 0.6:
                desc = c["pattern"][0] + desc
        if c["outer"] and not inner_only:
            (_, o_off, o_en), ofam = c["outer"]
            oc = self.colour_word(ofam, "officer", en)
            desc = f"{oc} {o_en}" if en else f"{oc}{o_off}"
            cols = [oc]
        remark = None
        if inner_only and self.chance("jacket_remark"):
            (_, o_off, o_en), ofam = c["outer"]
            oc = self.colour_word(ofam, "officer", en)
            remark = (self.pick([f"{oc} {o_en} tied round waist", f"carrying a {oc} {o_en}"]) if en
                      else self.pick([f"腰上系着{oc}{o_off}", f"{oc}{o_off}拿在手上", f"{o_off}脱了"]))
        f["top"] = self.garment(desc, cols)
        if c["bottom"]:
            _, b_off, b_en = c["bottom"]
            bc = self.colour_word(c["bottom_fam"], "officer", en)
            f["bottom"] = self.garment(f"{bc} {b_en}" if en else f"{bc}{b_off}", [bc])
        else:
            f["bottom"] = {"description": "", "colours": []}
        if c["hat"] and not self.chance("hat_dropped"):
            (_, h_off, h_en), hfam = c["hat"]
            hc = self.colour_word(hfam, "officer", en)
            f["hat"] = self.garment(f"{hc} {h_en}" if en else f"{hc}{h_off}", [hc])
        else:
            f["hat"] = None
        if self.chance("shoes_not_noted"):
            f["shoes"] = None
        else:
            _, s_off, s_en = c["shoes"]
            sc = self.colour_word(c["shoe_fam"], "officer", en)
            f["shoes"] = self.garment(f"{sc} {s_en}" if en else f"{sc}{s_off}", [sc])
        if self.chance("officer_features_empty"):
            f["features"] = ""
        else:
            notes = [FEATURES[i][2 if en else 1] for i in c["features"] if r.random() < 0.6]
            if r.random() < 0.5:
                zh, e = self.pick(OFFICER_EXTRAS)
                if en and "{nick}" in e and not c["nick"].isascii():
                    e = "told us a nickname"
                notes.append((e if en else zh).format(nick=c["nick"], zone_zh=ZONE_ZH[c["zone"]]))
            if c["lang"] != "mandarin" and r.random() < 0.5:
                notes.append(f"speaks {c['lang']}" if en else f"说{LANGUAGES[c['lang']][3][0]}")
            if not notes:
                notes.append(FEATURES[c["features"][0]][2 if en else 1])
            if remark:
                notes.append(remark)
            f["features"] = (", " if en else "，").join(notes)
        if self.chance("officer_language_empty"):
            f["language"] = ""
        else:
            fam = LANGUAGES[c["lang"]]
            same = c.get("_guardian_lang")
            if same and not self.chance("language_form_differs"):
                f["language"] = same
            else:
                others = [x for x in fam[3] + fam[2] if x != same] or fam[3]
                f["language"] = self.pick(others)
        return f

    # ---- numbers ---------------------------------------------------------------------------
    def guardian_numbers(self, c, g):
        g["sex"] = c["sex"]
        g["age_min"] = g["age_max"] = c["age"]
        g["height_cm"] = None if self.chance("height_null_missing") else \
            c["height"] + self.r.choice([-1, 0, 0, 0, 1])

    def officer_numbers(self, c, f):
        r = self.r
        if c["age"] <= 3 and self.chance("toddler_sex_unknown"):
            f["sex"] = "unknown"
        elif c["age"] <= 8 and r.random() < self.p["sex_wrong"] / 0.75:
            # short hair, a toddler's clothes: only for children of 8 or under (about 3/4 of
            # the children), scaled so that the rate over all pairs stays sex_wrong
            f["sex"] = "female" if c["sex"] == "male" else "male"
        else:
            f["sex"] = c["sex"]
        width = self.pick([1, 2, 2, 2, 2, 3])
        lo = c["age"] - self.pick(range(width + 1))
        if self.chance("age_outside_range"):
            lo = c["age"] + 1 if r.random() < 0.5 else c["age"] - width - 1
        lo = max(0, min(17 - width, lo))
        f["age_min"], f["age_max"] = lo, lo + width
        if self.chance("height_null_found"):
            f["height_cm"] = None
        else:
            err = max(-8, min(8, r.gauss(0, self.p["height_error_sd"])))
            f["height_cm"] = max(40, min(200, int(round(c["height"] + err))))

    def times(self, c, paired):
        """(last_seen, reported, found_at or None, found_zone or None) in minutes after 10:00."""
        r = self.r
        lost = c["lost"]
        gap = r.randint(25, 45) if self.chance("long_search_before_report") else r.randint(4, 20)
        if not paired:
            rep = min(720, lost + gap)
            return max(0, min(rep, lost)), rep, None, None
        u = r.random()
        d = 0 if u < self.p["zone_same"] else 1 if u < self.p["zone_same"] + self.p["zone_one_gate"] \
            else self.pick([2, 2, 2, 3])
        ring = self.zones_at(c["zone"], d) or self.zones_at(c["zone"], d - 1) or [c["zone"]]
        fzone = self.pick(ring)
        walk = {0: 2, 1: 8, 2: 18, 3: 28}[d]
        if self.chance("found_before_report"):
            h = walk + r.randint(0, 12)
            gap = max(gap, h + r.randint(1, 12))
        else:
            h = gap + r.randint(max(1, walk - gap), 50)
        rep, found = lost + gap, lost + h
        shift = max(0, max(rep, found) - 720)
        lost, rep, found = lost - shift, rep - shift, found - shift
        last_seen = lost
        # last_seen_after_found is a rate over all pairs; only pairs found before the report can
        # carry it (last seen must not be after the report), so it is conditioned on those.
        if found < rep and r.random() < self.p["last_seen_after_found"] / max(
                1e-9, self.p["found_before_report"]):
            last_seen = min(rep, found + r.randint(1, 10))
        return last_seen, rep, found, fzone

    def typo(self, rep):
        for k in ("top", "bottom", "shoes"):
            g = rep.get(k)
            if not g or not g["description"]:
                continue
            table = TYPOS_EN if g["description"].isascii() else TYPOS_ZH
            hits = [(a, b) for a, b in table if a in g["description"]]
            if hits:
                a, b = self.pick(hits)
                g["description"] = g["description"].replace(a, b, 1)
                return True
        return False

    def report(self, c, g_or_f, zone, minutes, last_seen=None):
        keys = ("sex", "age_min", "age_max", "height_cm", "top", "bottom", "hat", "shoes",
                "features", "language")
        out = {k: g_or_f[k] for k in keys}
        out["zone_id"] = zone
        out["minutes_after_open"] = minutes
        if last_seen is not None:
            out["last_seen_minutes"] = last_seen
        return out

    def missing_of(self, c, paired):
        g = self.guardian(c)
        c["_guardian_lang"] = g["language"]
        self.guardian_numbers(c, g)
        last_seen, rep, found, fzone = self.times(c, paired)
        if self.chance("typo"):
            self.typo(g)
        return self.report(c, g, c["zone"], rep, last_seen), found, fzone

    def run(self, n_open, n_pairs):
        children, distractors, latents = [], [], []
        for i in range(n_pairs):
            c = self.child()
            latents.append(c)
            miss, found_at, fzone = self.missing_of(c, True)
            f = self.officer(c)
            self.officer_numbers(c, f)
            if self.chance("typo"):
                self.typo(f)
            children.append({"id": f"c{i + 1:05d}", "missing": miss,
                             "found": self.report(c, f, fzone, found_at)})
        for i in range(n_open):
            c = self.near(self.pick(latents)) if latents and self.chance("close_distractor") \
                else self.child()
            miss, _, _ = self.missing_of(c, False)
            distractors.append(dict(id=f"o{i + 1:05d}", **miss))
        return children, distractors


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--open", type=int, default=200, help="open missing reports (distractors)")
    ap.add_argument("--pairs", type=int, default=100, help="child pairs (missing + found)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-", help="output file, '-' for stdout")
    ap.add_argument("--rate", action="append", default=[], metavar="NAME=VALUE",
                    help="override a noise rate (see --list-rates); repeatable")
    ap.add_argument("--list-rates", action="store_true")
    a = ap.parse_args(argv)
    if a.list_rates:
        for k, (v, src) in RATES.items():
            print(f"{k:30s} {v:<7} {src}")
        return 0
    rates = {k: v for k, (v, _) in RATES.items()}
    for kv in a.rate:
        k, _, v = kv.partition("=")
        if k not in rates:
            ap.error(f"unknown rate {k}")
        rates[k] = float(v)
    if a.open < 0 or a.pairs < 0:
        ap.error("counts must be >= 0")
    children, distractors = Gen(a.seed, rates).run(a.open, a.pairs)
    changed = {k: v for k, v in rates.items() if v != RATES[k][0]}
    about = (f"crowdsafe synthetic lost-child reports from tools/descgen/descgen.py "
             f"(--open {a.open} --pairs {a.pairs} --seed {a.seed}"
             f"{', rates ' + json.dumps(changed) if changed else ''}). Synthetic, for scale runs; "
             f"not an accuracy benchmark (see tests/testdata/descriptions/PROVENANCE.md).")
    text = json.dumps({"about": about, "children": children, "distractors": distractors},
                      ensure_ascii=False, indent=1) + "\n"
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"{a.output}: {len(children)} children, {len(distractors)} open reports",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
