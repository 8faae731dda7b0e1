"""A deterministic Chinese→English corpus generated from a hand-written bilingual grammar.

No real parallel corpus can be downloaded, so this grammar *is* the training data of the
bundled translation model.  Pure Python, standard library only.

Generation
----------
``generate(seed)`` draws sentences from weighted constructions with ``random.Random(seed)``
(never the global generator, never ``hash()``), so a seed always gives the same corpus.
Every sentence is built on both sides at once from the same choices, so its word alignment
comes from the grammar itself.

Constructions (``Pair.construction`` is ``base`` or ``base+flag+flag...``)
    copula   S 是 (一个) N          我是一个学生 → i am a student ; 这是一本书 → this is a book
    have     S 有 NUM-M N          我有两只猫 → i have two cats
    adj      S 很/非常/太/真 ADJ     她很高兴 → she is happy ; 我的猫很小 → my cat is small
    svo      S (T) (在 L) V (了) O   我昨天在学校看见了他 → i saw him at school yesterday
    sv       S (T) (在 L) V (了)     我在公园跑步 → i run in the park
    motion   S (T) 去/来 P, 回家     我明天去北京 → i will go to beijing tomorrow
    flags    time, tfront (time word before the subject), loc, past, fut, hui (会), neg (不/没),
             q (吗 question), measure (number + measure word), dem (这/那), poss (的),
             conj (和), attr (attributive adjective), bare (bare noun predicate), hen (很)

Held-out split
    A sentence's signature is (construction, keys of the lexical entries filling its slots,
    in Chinese order).  A keyed BLAKE2 hash of (seed, signature) holds out about 1/16 of all
    signatures; training never contains a held-out signature nor a held-out source sentence.
    ``Corpus.train_signatures`` / ``heldout_signatures`` run parallel to the pairs.

Conventions
    * Chinese: simplified characters, no spaces; questions end with the full-width "？"
      (its own source word), statements have no final punctuation.
    * English: lower-case tokens joined by single spaces, possessive as a separate token
      ("xiaoming 's cat"), no contractions ("do not", "does not", "did not"),
      questions end with " ?", statements have no final punctuation.
    * Tense: a past time word (昨天, 去年 …) or 了/没 → simple past; a future time word
      (明天, 下个月 …) or 会 → "will" + base verb; otherwise simple present (3rd person -s).
      Time words come first in Chinese (after or before the subject), last in English.
      在 + place comes before the verb in Chinese, after the object in English.
    * Bare Chinese object nouns become English bare plurals ("我喜欢猫" → "i like cats") or
      mass nouns ("water"); a bare noun subject is definite ("老师很忙" → "the teacher is busy").
    * 和 keeps the Chinese order: 我和他 → "i and he" (subject case), 猫和狗 → "cats and dogs";
      conjoined subjects take plural agreement.

Gold alignment (for AER, Och & Ney 2003; sure ⊆ possible, so a link is listed once with
its strongest kind: ``(src_word_index, tgt_word_index, sure)``)
    * A content word and its translation: sure (学生↔student, 看见↔saw, 小明↔xiaoming,
      昨天↔yesterday, 一个↔a, 两只↔two, 是↔am/is/are, 不/没↔not, 在↔at/in/on, 的↔'s,
      和↔and, 会↔will, ？↔?, 非常↔very).
    * A multi-word translation of one source word: all its tokens are linked to that word,
      sure except the tokens in/on/at/the/of/to/for, which are possible
      (早上↔in? the? morning, 一杯↔a cup of?, 听↔listen to?).
    * Possible links for function words without a clean counterpart:
      了↔(past verb) and 了↔did; 的↔my/his/… (the pronoun itself is sure);
      去↔to in "go to"; 很↔am/is/are/was/were/be; do/does↔不 or 吗; did↔没, 吗 or 了;
      吗↔?; a fronted question auxiliary (do/does/did/will/am/is/are/was/were, "will"
      only without 会) ↔ 吗;
      an article the grammar adds without a source word ("the teacher", "he is a student")
      ↔ its noun.
    * Unlinked: "will" in statements without 会, and am/is/are/was/were/be in adjective
      sentences without 很.  Only words in ``FUNCTION_WORDS`` are ever unlinked.
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import atomic_write_bytes

__all__ = [
    "CONSTRUCTIONS",
    "FUNCTION_WORDS",
    "GRAMMARS",
    "NOTE_SENTENCES",
    "Corpus",
    "Pair",
    "char_alignment",
    "generate",
    "lexicon",
    "lexicon_size",
    "read_tsv",
    "source_vocabulary",
    "write_tsv",
]

# English words that may carry no alignment link (everything else is always linked).
FUNCTION_WORDS = frozenset({"a", "an", "the", "do", "does", "did", "will", "be", "am", "is", "are",
                            "was", "were", "to", "of", "in", "on", "at", "for"})
CONSTRUCTIONS = ("copula", "have", "adj", "svo", "sv", "motion")
# Sentences from the project notes: always in the training split, exactly so.
NOTE_SENTENCES = (("我是一个学生", "i am a student"), ("我爱中国", "i love china"))

_LOOSE = frozenset({"in", "on", "at", "the", "of", "to", "for"})
_TOKEN_RE = re.compile(r"'s|[a-z0-9]+|[^\sa-z0-9]")
_MAX_SRC_CHARS = 16
_MAX_TGT_TOKENS = 14


@dataclass(frozen=True)
class Pair:
    src: str                                   # "我是一个学生"
    tgt: str                                   # "i am a student"
    src_words: tuple[str, ...]                 # ("我", "是", "一个", "学生")
    align: tuple[tuple[int, int, bool], ...]   # (src_word_idx, tgt_word_idx, sure)
    construction: str = ""                     # e.g. "copula+measure"

    @property
    def tgt_words(self) -> list[str]:
        return self.tgt.split()


@dataclass
class Corpus:
    train: list[Pair]
    heldout: list[Pair]
    # signature of each pair, parallel to train / heldout: (construction, lexical entry keys)
    train_signatures: list[tuple] = field(default_factory=list, repr=False)
    heldout_signatures: list[tuple] = field(default_factory=list, repr=False)


# --------------------------------------------------------------------------- lexicon data

_PRONOUNS = [  # zh, subject, object, possessive, agreement (1s, 2, 3s, p)
    ("我", "i", "me", "my", "1s"), ("你", "you", "you", "your", "2"),
    ("他", "he", "him", "his", "3s"), ("她", "she", "her", "her", "3s"),
    ("它", "it", "it", "its", "3s"), ("我们", "we", "us", "our", "p"),
    ("你们", "you", "you", "your", "p"), ("他们", "they", "them", "their", "p"),
    ("她们", "they", "them", "their", "p"),
]

_NAMES = """小明 xiaoming|小红 xiaohong|小李 xiaoli|小王 xiaowang|小张 xiaozhang|小刚 xiaogang|
小芳 xiaofang|李明 liming|王芳 wangfang|张伟 zhangwei|刘洋 liuyang|陈静 chenjing|杨帆 yangfan|
赵磊 zhaolei|黄丽 huangli|周杰 zhoujie|玛丽 mary|约翰 john|汤姆 tom|安娜 anna|杰克 jack|露西 lucy|
大卫 david|琳达 linda|彼得 peter|艾米 amy|迈克 mike|莉莉 lily|山姆 sam|凯特 kate"""

# zh|english|measure(s)|tags[|pl=plural]; mass nouns have the tag "mass" and container measures
_NOUNS = """
学生|student|个|person
老师|teacher|位|person,rel
医生|doctor|位|person,rel
护士|nurse|个|person
工人|worker|个|person
农民|farmer|个|person
司机|driver|个|person
厨师|cook|个|person
律师|lawyer|个|person
作家|writer|个|person
歌手|singer|个|person
演员|actor|个|person
画家|painter|个|person
朋友|friend|个|person,have,rel
孩子|child|个|person,have,rel|pl=children
男孩|boy|个|person
女孩|girl|个|person
男人|man|个|person|pl=men
女人|woman|个|person|pl=women
同学|classmate|个|person,rel
邻居|neighbor|个|person,rel
经理|manager|个|person,rel
老板|boss|个|person,rel
科学家|scientist|个|person
工程师|engineer|个|person
记者|reporter|个|person
服务员|waiter|个|person
客人|guest|位|person,rel
病人|patient|个|person,rel
校长|principal|位|person,rel
警察|policeman|个|person|pl=policemen
军人|soldier|个|person
商人|merchant|个|person
秘书|secretary|个|person,rel
教授|professor|位|person
运动员|athlete|个|person
艺术家|artist|个|person
音乐家|musician|个|person
婴儿|baby|个|person,rel
游客|tourist|个|person
妈妈|mother|个|kin
爸爸|father|个|kin
哥哥|brother|个|kin,have
弟弟|brother|个|kin,have
姐姐|sister|个|kin,have
妹妹|sister|个|kin,have
爷爷|grandfather|个|kin
奶奶|grandmother|个|kin
儿子|son|个|kin,have
女儿|daughter|个|kin,have
丈夫|husband|个|kin
妻子|wife|个|kin|pl=wives
叔叔|uncle|个|kin
阿姨|aunt|个|kin
猫|cat|只|animal,hold
狗|dog|只|animal,hold
鸟|bird|只|animal
鱼|fish|条|animal,food|pl=fish
马|horse|匹|animal,ride
牛|cow|头|animal
猪|pig|头|animal
羊|sheep|只|animal|pl=sheep
兔子|rabbit|只|animal,hold
老虎|tiger|只|animal
狮子|lion|只|animal
熊猫|panda|只|animal
大象|elephant|头|animal
猴子|monkey|只|animal
鸭子|duck|只|animal,hold
鸡|chicken|只|animal,hold
蛇|snake|条|animal
老鼠|mouse|只|animal|pl=mice
熊|bear|只|animal
狼|wolf|只|animal|pl=wolves
狐狸|fox|只|animal
蝴蝶|butterfly|只|animal
青蛙|frog|只|animal
乌龟|turtle|只|animal
蜜蜂|bee|只|animal
鹦鹉|parrot|只|animal
企鹅|penguin|只|animal
长颈鹿|giraffe|只|animal
骆驼|camel|头|animal
袋鼠|kangaroo|只|animal
鹿|deer|只|animal|pl=deer
天鹅|swan|只|animal
鸽子|pigeon|只|animal
蚂蚁|ant|只|animal
蜘蛛|spider|只|animal
海豚|dolphin|只|animal
书|book|本|thing,read,write,borrow
杂志|magazine|本|thing,read,borrow
词典|dictionary|本|thing,borrow
报纸|newspaper|份|thing,read
信|letter|封|thing,read,write,mail
笔记本|notebook|个|thing
笔|pen|支|thing,borrow
铅笔|pencil|支|thing,borrow
桌子|table|张|thing,fix,draw
椅子|chair|把|thing,fix
床|bed|张|thing
照片|photo|张|thing,mail
地图|map|张|thing,draw
票|ticket|张|thing
画|painting|幅|thing
杯子|cup|个|thing,wash
碗|bowl|个|thing,wash
盘子|plate|个|thing,wash
瓶子|bottle|个|thing
包|bag|个|thing,open
箱子|box|个|thing,open
手机|phone|部|thing,fix
电脑|computer|台|thing,fix
电视|tv|台|thing,screen,fix
车|car|辆|thing,drive,fix,wash,draw
自行车|bike|辆|thing,ride,fix,borrow
公共汽车|bus|辆|thing,drive
出租车|taxi|辆|thing,drive
房子|house|座|thing,draw
钥匙|key|把|thing
伞|umbrella|把|thing,borrow,open
刀|knife|把|thing|pl=knives
帽子|hat|顶|thing,wear,wear2
衬衫|shirt|件|thing,wear,wash
裙子|skirt|条|thing,wear
外套|coat|件|thing,wear
鞋|shoe|只|thing,wear
手表|watch|块|thing,wear2,fix
钟|clock|个|thing,fix
灯|lamp|盏|thing,fix
花|flower|朵|thing,draw
树|tree|棵|thing,draw
礼物|gift|个|thing,mail
玩具|toy|个|thing,hold
球|ball|个|thing,throw,hold
故事|story|个|thing,write
歌|song|首|thing,song,write
电影|movie|部|thing,screen
门|door|扇|thing,open,fix
窗户|window|扇|thing,open
船|boat|条|thing,draw
飞机|plane|架|thing,draw
蜡烛|candle|根|thing
镜子|mirror|面|thing
钱包|wallet|个|thing
相机|camera|台|thing,fix
沙发|sofa|张|thing
枕头|pillow|个|thing
毛巾|towel|条|thing,wash
风筝|kite|个|thing
娃娃|doll|个|thing,hold
戒指|ring|枚|thing,wear2
项链|necklace|条|thing,wear2
袜子|sock|只|thing,wear,wash
书包|schoolbag|个|thing
篮子|basket|个|thing
卡片|card|张|thing,mail
邮票|stamp|张|thing
收音机|radio|台|thing,fix
冰箱|fridge|台|thing,open,fix
游戏|game|个|game
苹果|apple|个|food
香蕉|banana|根|food
橘子|orange|个|food
梨|pear|个|food
西瓜|watermelon|个|food
鸡蛋|egg|个|food,cook
蛋糕|cake|个|food,cook
饺子|dumpling|个|food,cook
包子|bun|个|food,cook
桃子|peach|个|food
葡萄|grape|颗|food
草莓|strawberry|颗|food
柠檬|lemon|个|food
土豆|potato|个|food|pl=potatoes
西红柿|tomato|个|food|pl=tomatoes
饼干|cookie|块|food,cook
三明治|sandwich|个|food,cook
汉堡|hamburger|个|food
面包|bread|片|food,mass,cook
米饭|rice|碗|food,mass,cook
面条|noodles|碗|food,mass,cook
肉|meat|块|food,mass,cook
汤|soup|碗|food,mass,cook
糖|candy|块|food,mass
巧克力|chocolate|块|food,mass
冰淇淋|ice cream|盒|food,mass
水|water|杯,瓶|drink,mass
茶|tea|杯|drink,mass
咖啡|coffee|杯|drink,mass
牛奶|milk|杯,瓶|drink,mass
果汁|juice|杯,瓶|drink,mass
啤酒|beer|杯,瓶|drink,mass
可乐|cola|杯,瓶|drink,mass
中文|chinese||subject,lang,mass
英语|english||subject,lang,mass
法语|french||subject,lang,mass
日语|japanese||subject,lang,mass
德语|german||subject,lang,mass
数学|math||subject,mass
历史|history||subject,mass
音乐|music||subject,listen,mass
科学|science||subject,mass
地理|geography||subject,mass
物理|physics||subject,mass
化学|chemistry||subject,mass
艺术|art||subject,mass
篮球|basketball||sport,hand,mass
网球|tennis||sport,hand,mass
排球|volleyball||sport,hand,mass
乒乓球|ping pong||sport,hand,mass
足球|soccer||sport,foot,mass
棋|chess||sport,board,mass
"""

_MEASURES = {  # measure word → English unit when it is a container of a mass noun
    "个": None, "位": None, "本": None, "只": None, "张": None, "条": None, "支": None, "把": None,
    "辆": None, "台": None, "件": None, "头": None, "匹": None, "棵": None, "朵": None, "封": None,
    "首": None, "部": None, "扇": None, "架": None, "份": None, "根": None, "面": None, "块": "piece",
    "顶": None, "盏": None, "座": None, "幅": None, "颗": None, "枚": None,
    "杯": "cup", "瓶": "bottle", "碗": "bowl", "片": "slice", "盒": "box",
}

_NUMBERS = [("一", "one"), ("两", "two"), ("三", "three"), ("四", "four"), ("五", "five"),
            ("六", "six"), ("七", "seven"), ("八", "eight"), ("九", "nine"), ("十", "ten")]
_DEMS = {"这": "this", "那": "that"}
_DEM_PRONOUNS = [("这", "this", "3s"), ("那", "that", "3s"), ("这些", "these", "p"), ("那些", "those", "p")]

# zh|english|preposition after 在|kind (city, venue, home)
_PLACES = """
中国|china|in|city
美国|america|in|city
英国|england|in|city
日本|japan|in|city
法国|france|in|city
德国|germany|in|city
韩国|korea|in|city
加拿大|canada|in|city
意大利|italy|in|city
印度|india|in|city
俄罗斯|russia|in|city
澳大利亚|australia|in|city
西班牙|spain|in|city
泰国|thailand|in|city
北京|beijing|in|city
上海|shanghai|in|city
广州|guangzhou|in|city
南京|nanjing|in|city
西安|xian|in|city
天津|tianjin|in|city
杭州|hangzhou|in|city
成都|chengdu|in|city
深圳|shenzhen|in|city
武汉|wuhan|in|city
重庆|chongqing|in|city
伦敦|london|in|city
巴黎|paris|in|city
东京|tokyo|in|city
纽约|new york|in|city
柏林|berlin|in|city
罗马|rome|in|city
悉尼|sydney|in|city
家|home|at|home
学校|school|at|venue
公园|the park|in|venue
商店|the store|at|venue
医院|the hospital|at|venue
图书馆|the library|at|venue
办公室|the office|at|venue
饭馆|the restaurant|at|venue
超市|the supermarket|at|venue
银行|the bank|at|venue
车站|the station|at|venue
机场|the airport|at|venue
教室|the classroom|in|venue
厨房|the kitchen|in|venue
花园|the garden|in|venue
海边|the beach|at|venue
工厂|the factory|at|venue
电影院|the cinema|at|venue
博物馆|the museum|at|venue
动物园|the zoo|at|venue
书店|the bookstore|at|venue
咖啡馆|the cafe|at|venue
体育馆|the gym|at|venue
市场|the market|at|venue
大学|the university|at|venue
宾馆|the hotel|at|venue
农场|the farm|on|venue
村子|the village|in|venue
邮局|the post office|at|venue
操场|the playground|on|venue
宿舍|the dorm|in|venue
食堂|the canteen|in|venue
游泳池|the pool|at|venue
广场|the square|in|venue
"""

# zh|english|who it describes (p people, a people+animals, t things, x anything, c colour)|A = attributive
_ADJS = """
高兴|happy|p
累|tired|a
饿|hungry|a
渴|thirsty|a
忙|busy|p
高|tall|a
矮|short|a
胖|fat|a
瘦|thin|a
大|big|x|A
小|small|x|A
新|new|t|A
旧|old|t|A
老|old|a
年轻|young|p
漂亮|beautiful|x
好|good|x
坏|bad|x
冷|cold|x
热|hot|x
聪明|smart|a
友好|friendly|a
快|fast|a
慢|slow|a
便宜|cheap|t
贵|expensive|t
干净|clean|x
脏|dirty|x
安静|quiet|x
有名|famous|p
可爱|cute|a
难过|sad|p
生气|angry|p
紧张|nervous|p
舒服|comfortable|t
健康|healthy|a
懒|lazy|a
勇敢|brave|a
善良|kind|p
有趣|interesting|x
无聊|boring|x
重|heavy|t
轻|light|t
长|long|t
短|short|t
奇怪|strange|x
危险|dangerous|x
安全|safe|t
重要|important|x
简单|simple|t
容易|easy|t
难|difficult|t
暖和|warm|t
帅|handsome|p
困|sleepy|a
饱|full|a
害怕|afraid|a
满意|satisfied|p
开心|glad|p
干|dry|t
湿|wet|x
红|red|c|A
白|white|c|A
黑|black|c|A
绿|green|c|A
蓝|blue|c|A
黄|yellow|c|A
"""
_DEGREES = [("很", None), ("非常", "very"), ("太", "too"), ("真", "really")]

# zh|english (verb [particle])|past|object tags|subject (p people, a people+animals)|sense
_TVERBS = """
看|read|read|read|p|read
看|watch|watched|screen|p|watch
看见|see|saw|person,animal,thing|a
吃|eat|ate|food|a
喝|drink|drank|drink|a
买|buy|bought|thing,food,drink,animal|p
卖|sell|sold|thing,food,drink,animal|p
写|write|wrote|write|p
读|read|read|read|p
喜欢|like|liked|person,animal,thing,food,drink,subject,sport,city|p|stative
爱|love|loved|person,animal,city,food,drink|p|stative
要|want|wanted|thing,food,drink,animal|p|stative
需要|need|needed|thing,food,drink|p|stative
找到|find|found|thing,animal,person|p
找|look for|looked|thing,animal,person|p
拿|take|took|thing|p
带|bring|brought|thing,food,drink|p
用|use|used|thing|p
做|make|made|cook|p
画|draw|drew|animal,draw|p
唱|sing|sang|song|p
听|listen to|listened|listen,song|p
认识|know|knew|person|p|stative
帮助|help|helped|person|p
等|wait for|waited|person|p|for
叫|call|called|person|p
问|ask|asked|person|p
教|teach|taught|subject,person|p
学|learn|learned|subject|p
学习|study|studied|subject|p|obj
说|speak|spoke|lang|p
玩|play|played|game|p|game
打|play|played|hand|p
踢|play|played|foot|p
下|play|played|board|p
养|raise|raised|animal|p
喂|feed|fed|animal|p
洗|wash|washed|wash|p
修|fix|fixed|fix|p
开|drive|drove|drive|p
骑|ride|rode|ride|p
打开|open|opened|open|p
关|close|closed|open|p
借|borrow|borrowed|borrow|p
丢|lose|lost|thing|p
遇见|meet|met|person|p
想念|miss|missed|person,city,animal|p|stative
抱|hold|held|hold|p
扔|throw|threw|throw|p
收到|receive|received|mail|p
寄|send|sent|mail|p
穿|wear|wore|wear|p|clothes
戴|wear|wore|wear2|p|accessory
照顾|take care of|took|person,animal|p
"""

# zh|english (verb [particle])|past|subject
_IVERBS = """
睡觉|sleep|slept|a
工作|work|worked|p
跑步|run|ran|a
游泳|swim|swam|a
跳舞|dance|danced|p
哭|cry|cried|a
笑|laugh|laughed|p
休息|rest|rested|a
学习|study|studied|p
吃饭|eat|ate|a
做饭|cook|cooked|p
散步|walk|walked|a
等|wait|waited|p
玩|play|played|a
画画|draw|drew|p
起床|get up|got|p
旅行|travel|traveled|p
购物|shop|shopped|p
说话|talk|talked|p
聊天|chat|chatted|p
爬山|hike|hiked|p
钓鱼|fish|fished|p
练习|practice|practiced|p
跳|jump|jumped|a
写字|write|wrote|p
洗澡|bathe|bathed|a
做作业|do homework|did|p
思考|think|thought|p
微笑|smile|smiled|p
"""

_MOTION = {"去": ("go", "went"), "来": ("come", "came"), "回": ("go", "went")}

# zh|english|tense class (past, fut, habit = present only, any)
_TIMES = """
昨天|yesterday|past
今天|today|any
明天|tomorrow|fut
早上|in the morning|any
上午|in the morning|any
中午|at noon|any
下午|in the afternoon|any
晚上|in the evening|any
每天|every day|habit
星期一|on monday|any
星期二|on tuesday|any
星期三|on wednesday|any
星期四|on thursday|any
星期五|on friday|any
星期六|on saturday|any
星期天|on sunday|any
周末|on the weekend|any
去年|last year|past
明年|next year|fut
今年|this year|any
上个月|last month|past
下个月|next month|fut
上个星期|last week|past
下个星期|next week|fut
今晚|tonight|fut
昨晚|last night|past
刚才|just now|past
春天|in spring|habit
夏天|in summer|habit
秋天|in autumn|habit
冬天|in winter|habit
每个星期|every week|habit
"""

# Particles and function words of the grammar (each is also a lexical entry).
_FUNCTION = [("是", "be"), ("有", "have"), ("在", "at/in/on"), ("了", "(past)"), ("不", "not"),
             ("没", "not (past)"), ("吗", "(question)"), ("的", "'s"), ("和", "and"), ("会", "will"),
             ("？", "?")]


# --------------------------------------------------------------------------- lexicon objects

def _plural(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def _third(word: str) -> str:
    if word == "have":
        return "has"
    if word.endswith(("s", "sh", "ch", "x", "z", "o")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def _lines(block: str) -> list[list[str]]:
    return [ln.strip().split("|") for ln in block.strip().splitlines() if ln.strip()]


class _Entry:
    __slots__ = ("en", "extra", "key", "kind", "mass", "measures", "pl", "tags", "zh")

    def __init__(self, kind, zh, en, key=None, **kw):
        self.kind, self.zh, self.en = kind, zh, en
        self.key = key or f"{kind}:{zh}"
        self.pl = kw.get("pl")
        self.measures = kw.get("measures", ())
        self.tags = kw.get("tags", frozenset())
        self.mass = kw.get("mass", False)
        self.extra = kw.get("extra")


class _Pron(_Entry):
    __slots__ = ("agr", "obj", "poss")


def _build_lexicon():
    pron = []
    for zh, s, o, p, agr in _PRONOUNS:
        e = _Pron("pron", zh, s)
        e.obj, e.poss, e.agr = o, p, agr
        pron.append(e)
    names = [_Entry("name", *item.split()) for item in _NAMES.replace("\n", "").split("|")]
    nouns = []
    for f in _lines(_NOUNS):
        zh, en, ms, tags = f[:4]
        opts = dict(kv.split("=") for kv in f[4:])
        tags = frozenset(tags.split(","))
        mass = "mass" in tags
        nouns.append(_Entry("n", zh, en, pl=en if mass else opts.get("pl", _plural(en)),
                            measures=tuple(m for m in ms.split(",") if m), tags=tags, mass=mass))
    places = [_Entry("place", zh, en, extra=(prep, kind)) for zh, en, prep, kind in _lines(_PLACES)]
    adjs = [_Entry("adj", f[0], f[1], extra=(f[2], len(f) > 3 and f[3] == "A")) for f in _lines(_ADJS)]
    degrees = [_Entry("deg", zh, en) for zh, en in _DEGREES]
    tverbs = []
    for f in _lines(_TVERBS):
        zh, en, past, objs, subj = f[:5]
        stative = "stative" in f[5:]
        sense = "".join(x for x in f[5:] if x != "stative")
        words = en.split()
        tverbs.append(_Entry("tv", zh, words[0], key=f"tv:{zh}#{sense}" if sense else None,
                             tags=frozenset(objs.split(",")),
                             extra=(past, tuple(words[1:]), subj, stative)))
    iverbs = []
    for zh, en, past, subj in _lines(_IVERBS):
        words = en.split()
        iverbs.append(_Entry("iv", zh, words[0], extra=(past, tuple(words[1:]), subj, False)))
    motion = [_Entry("mv", zh, base, extra=(past, (), "p", False)) for zh, (base, past) in _MOTION.items()]
    times = [_Entry("t", zh, en, extra=cls) for zh, en, cls in _lines(_TIMES)]
    numbers = [_Entry("num", zh, en) for zh, en in _NUMBERS]
    measures = [_Entry("m", zh, en or "(measure)") for zh, en in _MEASURES.items()]
    dems = [_Entry("dem", zh, en, extra=agr) for zh, en, agr in _DEM_PRONOUNS]
    function = [_Entry("fn", zh, en) for zh, en in _FUNCTION]
    return {"pron": pron, "names": names, "nouns": nouns, "places": places, "adjs": adjs,
            "degrees": degrees, "tverbs": tverbs, "iverbs": iverbs, "motion": motion, "times": times,
            "numbers": numbers, "measures": measures, "dems": dems, "function": function}


_LEX = _build_lexicon()
_ALL_ENTRIES = [e for group in _LEX.values() for e in group]

for _n in _LEX["nouns"]:
    assert all(m in _MEASURES for m in _n.measures), _n.zh

_PRON = {e.zh: e for e in _LEX["pron"]}
_PERSON_PRONS = [e for e in _LEX["pron"] if e.zh != "它"]
_Q_PRONS = [e for e in _PERSON_PRONS if e.agr not in ("1s",) and e.zh != "我们"]
_NAMES_L = _LEX["names"]
_NOUN = {e.zh: e for e in _LEX["nouns"]}
_PEOPLE = [n for n in _LEX["nouns"] if "person" in n.tags]
_KIN = [n for n in _LEX["nouns"] if "kin" in n.tags]
_POSSESSED = _KIN + [n for n in _PEOPLE if "rel" in n.tags]   # my mother, my teacher
_ANIMALS = [n for n in _LEX["nouns"] if "animal" in n.tags]
_THINGS = [n for n in _LEX["nouns"] if "thing" in n.tags]
_HAVE = [n for n in _LEX["nouns"] if not n.mass and ({"thing", "animal", "food", "have"} & n.tags)]
_COUNTABLE_OBJ = [n for n in _LEX["nouns"] if not n.mass and ({"thing", "animal", "food"} & n.tags)]
_PLACE = {e.zh: e for e in _LEX["places"]}
_CITIES = [p for p in _LEX["places"] if p.extra[1] == "city"]
_GO_PLACES = [p for p in _LEX["places"] if p.extra[1] != "home"]
_LOC_PLACES = list(_LEX["places"])
_ADJ_BY = {c: [a for a in _LEX["adjs"] if a.extra[0] in c] for c in ("pax", "ax", "tx")}
_ATTR = [a for a in _LEX["adjs"] if a.extra[1]]
_ATTR_T = [a for a in _ATTR if a.extra[0] in "txc"]   # for things
_ATTR_A = [a for a in _ATTR if a.extra[0] in "xc"]    # for animals
_TV = {e.key: e for e in _LEX["tverbs"]}
_TVERB_L = _LEX["tverbs"]
_TVERB_A = [v for v in _TVERB_L if v.extra[2] == "a"]
_IVERB_L = _LEX["iverbs"]
_IVERB_A = [v for v in _IVERB_L if v.extra[2] == "a"]
_MV = {e.zh: e for e in _LEX["motion"]}
_TIMES_L = _LEX["times"]
_NUM = {e.zh: e for e in _LEX["numbers"]}
_NUM_L = _LEX["numbers"]
_NUM_W = [8] + [1] * 9   # 一 is the most common number
_DEG = _LEX["degrees"]
_DEMP = _LEX["dems"]

# objects allowed for each transitive verb
_VERB_NOUNS = {v.key: [n for n in _LEX["nouns"] if (n.tags & v.tags) and not ({"person", "kin"} & n.tags)]
               for v in _TVERB_L}


def lexicon(grammar: str = "core") -> list[tuple[str, str, str]]:
    """All lexical entries as (category, Chinese, English); the beginner grammar adds its own."""
    entries = [(e.kind, e.zh, e.en) for e in _ALL_ENTRIES]
    if grammar == "beginner":
        from . import beginner

        entries += beginner.lexicon()
    return entries


def lexicon_size(grammar: str = "core") -> int:
    """Number of lexical entries (content words, numbers, measure words, time words, particles)."""
    return len(lexicon(grammar))


def source_vocabulary() -> set[str]:
    """Every Chinese character the grammar can produce."""
    return {c for e in _ALL_ENTRIES for c in e.zh}


# --------------------------------------------------------------------------- sentence building

class _B:
    """Collects Chinese words in Chinese order, and the lexical keys for the signature."""

    __slots__ = ("flags", "keys", "src")

    def __init__(self):
        self.src: list[str] = []
        self.keys: list[str] = []
        self.flags: set[str] = set()

    def w(self, word: str, key: str | None = None) -> int:
        self.src.append(word)
        if key:
            self.keys.append(key)
        return len(self.src) - 1


def _toks(text: str, i: int) -> list:
    """English tokens of one source word, all linked to it (loose words possible if multi-word)."""
    words = text.split()
    if len(words) == 1:
        return [(words[0], ((i, True),))]
    return [(w, ((i, w not in _LOOSE),)) for w in words]


def _article(next_word: str) -> str:
    return "an" if next_word[0] in "aeiou" else "a"


def _noun_en(noun: _Entry, plural: bool) -> str:
    return noun.pl if plural else noun.en


def _np(b: _B, spec: tuple, case: str = "subj") -> tuple[list, str]:
    """Realise a noun phrase: append its Chinese words, return (English tokens, agreement)."""
    kind = spec[0]
    if kind == "pron":
        p = spec[1]
        i = b.w(p.zh, p.key)
        return [(p.en if case == "subj" else p.obj, ((i, True),))], p.agr
    if kind == "name":
        n = spec[1]
        i = b.w(n.zh, n.key)
        return _toks(n.en, i), "3s"
    if kind == "def":          # bare noun read as definite: 老师 → the teacher
        n = spec[1]
        i = b.w(n.zh, n.key)
        return [("the", ((i, False),))] + _toks(n.en, i), "3s"
    if kind == "bare":         # bare object: plural or mass
        n = spec[1]
        i = b.w(n.zh, n.key)
        return _toks(n.pl, i), ("3s" if n.mass else "p")
    if kind == "place":
        p = spec[1]
        i = b.w(p.zh, p.key)
        return _toks(p.en, i), "3s"
    if kind == "dempron":
        d = spec[1]
        i = b.w(d.zh, d.key)
        b.flags.add("dem")
        return [(d.en, ((i, True),))], d.extra
    if kind == "poss":         # owner 的 noun
        _, owner, noun, de, plural = spec
        b.flags.add("poss")
        if owner[0] == "pron":
            p = owner[1]
            oi = b.w(p.zh, p.key)
            if de:
                di = b.w("的")
                en = [(p.poss, ((oi, True), (di, False)))]
            else:
                en = [(p.poss, ((oi, True),))]
        else:
            en, _ = _np(b, owner, "obj")
            di = b.w("的")
            en = en + [("'s", ((di, True),))]
        ni = b.w(noun.zh, noun.key)
        return en + _toks(_noun_en(noun, plural), ni), ("p" if plural else "3s")
    if kind in ("num", "dem"):  # 一个/两只/这本 (+ adjective) + noun
        _, det, noun, adj, measure = spec
        if kind == "num":
            b.flags.add("measure")
            plural = det.zh != "一"
        else:
            b.flags.add("dem")
            plural = False
        di = b.w(det.zh + measure, det.key)
        b.keys.append("m:" + measure)
        ai = b.w(adj.zh, adj.key) if adj is not None else None
        if adj is not None:
            b.flags.add("attr")
        ni = b.w(noun.zh, noun.key)
        unit = _MEASURES[measure] if noun.mass else None
        rest: list = []
        if unit:
            rest.append((_plural(unit) if plural else unit, ((di, True),)))
            rest.append(("of", ((di, False),)))
        if ai is not None:
            rest.append((adj.en, ((ai, True),)))
        rest += _toks(noun.pl if (plural and not noun.mass) else noun.en, ni)
        if kind == "num":
            word = _article(rest[0][0]) if det.zh == "一" else det.en
        else:
            word = _DEMS[det.zh]
        return [(word, ((di, True),))] + rest, ("p" if plural and not unit else "3s")
    if kind == "conj":
        b.flags.add("conj")
        en1, _ = _np(b, spec[1], case)
        ci = b.w("和")
        en2, _ = _np(b, spec[2], case)
        return en1 + [("and", ((ci, True),))] + en2, "p"
    raise ValueError(kind)


# --------------------------------------------------------------------------- samplers

def _owner(rng: random.Random) -> tuple:
    r = rng.random()
    if r < 0.6:
        return ("pron", rng.choice(_PERSON_PRONS))
    if r < 0.9:
        return ("name", rng.choice(_NAMES_L))
    return ("def", rng.choice(_PEOPLE))


def _poss(rng: random.Random, nouns: list, plural: bool = False) -> tuple:
    owner = _owner(rng)
    noun = rng.choice(nouns)
    de = True
    if owner[0] == "pron" and "kin" in noun.tags and rng.random() < 0.3:
        de = False          # 我妈妈 → my mother
    return ("poss", owner, noun, de, plural)


def _simple_person(rng: random.Random, case_q: bool = False) -> tuple:
    r = rng.random()
    if r < 0.45:
        return ("pron", rng.choice(_Q_PRONS if case_q else _PERSON_PRONS))
    if r < 0.85:
        return ("name", rng.choice(_NAMES_L))
    return ("def", rng.choice(_PEOPLE))


def _nonhuman(rng: random.Random, nouns: list, it: bool = False) -> tuple:
    """An animal or thing subject: 我的猫, 这只猫, 猫 (→ the cat), 它."""
    if it and rng.random() < 0.1:
        return ("pron", _PRON["它"])
    r = rng.random()
    n = rng.choice(nouns)
    if r < 0.55:
        return _poss(rng, [n])
    if r < 0.8:
        return ("dem", rng.choice(_DEM_ENTRIES), n, None, n.measures[0])
    return ("def", n)


def _subject(rng: random.Random, q: bool = False) -> tuple:
    """A person subject: pronoun, name, possessive, 老师 (the teacher), 这个学生, X和Y."""
    r = rng.random()
    if r < 0.35:
        return ("pron", rng.choice(_Q_PRONS if q else _PERSON_PRONS))
    if r < 0.60:
        return ("name", rng.choice(_NAMES_L))
    if r < 0.80:
        return _poss(rng, _POSSESSED)
    if r < 0.87:
        return ("def", rng.choice(_PEOPLE))
    if r < 0.92:
        n = rng.choice(_PEOPLE)
        return ("dem", rng.choice(_DEM_ENTRIES), n, None, n.measures[0])
    a = _simple_person(rng, q)
    c = _simple_person(rng, q)
    while c[1] is a[1]:
        c = _simple_person(rng, q)
    return ("conj", a, c)


_DEM_ENTRIES = [_Entry("dem", z, e) for z, e in _DEMS.items()]


def _quantified(rng: random.Random, noun: _Entry, attr: float = 0.0) -> tuple:
    num = rng.choices(_NUM_L, _NUM_W)[0]
    adj = None
    if attr and not noun.mass and rng.random() < attr:
        pool = _ATTR_A if "animal" in noun.tags else _ATTR_T
        adj = rng.choice(pool)
    return ("num", num, noun, adj, rng.choice(noun.measures))


def _object(rng: random.Random, verb: _Entry) -> tuple:
    nouns = _VERB_NOUNS[verb.key]
    person = "person" in verb.tags
    city = "city" in verb.tags
    r = rng.random()
    if person and (not nouns or r < 0.35):
        r = rng.random()
        if r < 0.35:
            return ("pron", rng.choice(_PERSON_PRONS))
        if r < 0.65:
            return ("name", rng.choice(_NAMES_L))
        if r < 0.85:
            return _poss(rng, _POSSESSED)
        if r < 0.95:
            return ("def", rng.choice(_PEOPLE))
        return _quantified(rng, rng.choice(_PEOPLE))
    if city and (not nouns or r < 0.5):
        return ("place", rng.choice(_CITIES))
    n = rng.choice(nouns)
    r = rng.random()
    if r < 0.45 or not n.measures and r < 0.9:
        return ("bare", n)
    if r < 0.70 and n.measures:
        return _quantified(rng, n, attr=0.2)
    if r < 0.85:
        return _poss(rng, [n])
    if r < 0.95 and n.measures:
        return ("dem", rng.choice(_DEM_ENTRIES), n, None, rng.choice(n.measures))
    if len(nouns) > 1:
        m = rng.choice(nouns)
        while m is n:
            m = rng.choice(nouns)
        return ("conj", ("bare", n), ("bare", m))
    return ("bare", n)


def _is_first_person(spec: tuple) -> bool:
    return spec[0] == "pron" and spec[1].zh in ("我", "我们")


def _tense(rng: random.Random, time: _Entry | None) -> tuple[str, bool]:
    """(tense, 会) from the time word: past / fut / pres."""
    if time is None:
        r = rng.random()
        return ("pres", False) if r < 0.55 else ("past", False) if r < 0.88 else ("fut", True)
    cls = time.extra
    if cls == "past":
        return "past", False
    if cls == "fut":
        return "fut", rng.random() < 0.25
    if cls == "habit":
        return "pres", False
    r = rng.random()
    return ("pres", False) if r < 0.5 else ("past", False) if r < 0.85 else ("fut", True)


def _agree_be(agr: str, tense: str) -> str:
    if tense == "past":
        return "was" if agr in ("1s", "3s") else "were"
    return {"1s": "am", "3s": "is"}.get(agr, "are")


def _verb_phrase(b, verb, tense, neg_i, hui_i, le_i, vi, agr, q, q_links):
    """English verb group: (fronted auxiliary or None, tokens after the subject)."""
    base, (past, particle, _, _) = verb.en, verb.extra
    parts = [(p, ((vi, p not in _LOOSE),)) for p in particle]
    vlink = ((vi, True),)
    if tense == "past":
        if q:
            links = ((le_i, False),) if le_i is not None else ()
            return ("did", links + q_links), [(base, vlink)] + parts
        if neg_i is not None:
            return None, [("did", ((neg_i, False),)), ("not", ((neg_i, True),)), (base, vlink)] + parts
        links = vlink + (((le_i, False),) if le_i is not None else ())
        return None, [(past, links)] + parts
    if tense == "fut":
        will = ((hui_i, True),) if hui_i is not None else ()
        if q:
            return ("will", will or q_links), [(base, vlink)] + parts
        out = [("will", will)]
        if neg_i is not None:
            out.append(("not", ((neg_i, True),)))
        return None, out + [(base, vlink)] + parts
    do = "does" if agr == "3s" else "do"
    if q:
        return (do, q_links), [(base, vlink)] + parts
    if neg_i is not None:
        return None, [(do, ((neg_i, False),)), ("not", ((neg_i, True),)), (base, vlink)] + parts
    return None, [(_third(base) if agr == "3s" else base, vlink)] + parts


def _clause(rng: random.Random, kind: str) -> tuple:
    """svo / sv / motion sentences with time, location, aspect, negation and questions."""
    b = _B()
    r = rng.random()
    q = r < 0.15
    neg = 0.15 <= r < 0.30
    if kind == "svo":
        animal_subj = rng.random() < 0.08
        verb = rng.choice(_TVERB_A if animal_subj else _TVERB_L)
    elif kind == "sv":
        animal_subj = rng.random() < 0.12
        verb = rng.choice(_IVERB_A if animal_subj else _IVERB_L)
    else:
        animal_subj = False
        verb = _MV["回"] if rng.random() < 0.15 else _MV["去" if rng.random() < 0.75 else "来"]
    subj = _nonhuman(rng, _ANIMALS) if animal_subj else _subject(rng, q=q)
    time = rng.choice(_TIMES_L) if rng.random() < 0.5 else None
    if verb.extra[3]:                   # stative verbs (like, love, know …): present only
        if time is not None and time.extra not in ("habit", "any"):
            time = None
        tense, hui = "pres", False
    else:
        tense, hui = _tense(rng, time)
    tfront = time is not None and rng.random() < 0.25
    loc = None
    if kind != "motion" and rng.random() < 0.35:
        loc = rng.choice(_LOC_PLACES)
    place = None
    if kind == "motion":
        place = _PLACE["家"] if verb.zh == "回" else rng.choice(_GO_PLACES)
    obj = _object(rng, verb) if kind == "svo" else None

    time_en: list = []
    if tfront:
        time_en = _toks(time.en, b.w(time.zh, time.key))
    subj_en, agr = _np(b, subj, "subj")
    if time is not None and not tfront:
        time_en = _toks(time.en, b.w(time.zh, time.key))
    neg_i = b.w("没" if tense == "past" else "不") if neg else None
    hui_i = b.w("会") if hui else None
    loc_en: list = []
    if loc is not None:
        zi = b.w("在")
        pi = b.w(loc.zh, loc.key)
        loc_en = [(loc.extra[0], ((zi, True),))] + _toks(loc.en, pi)
    vi = b.w(verb.zh, verb.key)
    le_i = None
    obj_en: list = []
    place_en: list = []
    if kind == "motion":
        if tense == "past" and not neg and verb.zh != "回":
            le_i = b.w("了")
        pi = b.w(place.zh, place.key)
        if verb.zh == "回":
            place_en = _toks(place.en, pi)
            if tense == "past" and not neg:
                le_i = b.w("了")
        else:
            place_en = [("to", ((vi, False),))] + _toks(place.en, pi)
    elif kind == "svo":
        if tense == "past" and not neg:
            le_i = b.w("了")
        obj_en, _ = _np(b, obj, "obj")
    elif tense == "past" and not neg:
        le_i = b.w("了")
    q_links: tuple = ()
    if q:
        ma = b.w("吗")
        qm = b.w("？")
        q_links = ((ma, False),)
    aux, vp = _verb_phrase(b, verb, tense, neg_i, hui_i, le_i, vi, agr, q, q_links)
    if q:
        en = [aux] + subj_en + vp + obj_en + place_en + loc_en + time_en + [("?", ((qm, True), (ma, False)))]
    else:
        en = subj_en + vp + obj_en + place_en + loc_en + time_en
    flags = b.flags
    if time is not None:
        flags.add("time")
    if tfront:
        flags.add("tfront")
    if loc is not None:
        flags.add("loc")
    if tense != "pres":
        flags.add(tense)
    if hui:
        flags.add("hui")
    if neg:
        flags.add("neg")
    if q:
        flags.add("q")
    return kind, b, en


def _copula(rng: random.Random) -> tuple:
    b = _B()
    r = rng.random()
    q = r < 0.15
    neg = 0.15 <= r < 0.30
    if rng.random() < 0.3:                       # 这是一本书 / 这些是书 / 这是我的书
        d = rng.choice(_DEMP)
        plural = d.extra == "p"
        subj = ("dempron", d)
        noun = rng.choice(_COUNTABLE_OBJ)
        r2 = rng.random()
        if plural:
            pred = ("bare", noun) if r2 < 0.7 else _poss(rng, [noun], plural=True)
        elif r2 < 0.65:
            pred = _quantified(rng, noun, attr=0.3)
            pred = ("num", _NUM["一"]) + pred[2:]
        elif r2 < 0.8:
            pred = ("barepred", noun)
        else:
            pred = _poss(rng, [noun])
    else:
        subj = _subject(rng, q=q)
        pred = None
    subj_en, agr = _np(b, subj, "subj")
    if pred is None:
        plural = agr == "p"
        r2 = rng.random()
        if plural:
            noun = rng.choice(_PEOPLE)
            pred = ("bare", noun) if r2 < 0.6 else _poss(rng, _POSSESSED, plural=True)
        elif r2 < 0.6:
            noun = rng.choice(_PEOPLE)
            pred = ("num", _NUM["一"], noun, None, noun.measures[0])
        elif r2 < 0.8:
            pred = ("barepred", rng.choice(_PEOPLE))
        else:
            pred = _poss(rng, _POSSESSED)
    neg_i = b.w("不") if neg else None
    si = b.w("是")
    if pred[0] == "barepred":                    # 他是学生 → he is a student
        n = pred[1]
        ni = b.w(n.zh, n.key)
        pred_en = [(_article(n.en), ((ni, False),))] + _toks(n.en, ni)
        b.flags.add("bare")
    else:
        pred_en, _ = _np(b, pred, "obj")
        if pred[0] == "bare":
            b.flags.add("bare")
    be = (_agree_be(agr, "pres"), ((si, True),))
    if q:
        ma = b.w("吗")
        qm = b.w("？")
        en = [be] + subj_en + pred_en + [("?", ((qm, True), (ma, False)))]
        b.flags.add("q")
    else:
        en = subj_en + [be] + ([("not", ((neg_i, True),))] if neg else []) + pred_en
        if neg:
            b.flags.add("neg")
    return "copula", b, en


def _have(rng: random.Random) -> tuple:
    b = _B()
    r = rng.random()
    q = r < 0.15
    neg = 0.15 <= r < 0.30
    subj = _subject(rng, q=q)
    noun = rng.choice(_HAVE)
    if neg or rng.random() < 0.25:
        obj = ("bare", noun)
    else:
        obj = _quantified(rng, noun, attr=0.3)
    subj_en, agr = _np(b, subj, "subj")
    neg_i = b.w("没") if neg else None
    hi = b.w("有")
    obj_en, _ = _np(b, obj, "obj")
    do = "does" if agr == "3s" else "do"
    if q:
        ma = b.w("吗")
        qm = b.w("？")
        en = [(do, ((ma, False),))] + subj_en + [("have", ((hi, True),))] + obj_en + \
            [("?", ((qm, True), (ma, False)))]
        b.flags.add("q")
    elif neg:
        en = subj_en + [(do, ((neg_i, False),)), ("not", ((neg_i, True),)), ("have", ((hi, True),))] + obj_en
        b.flags.add("neg")
    else:
        en = subj_en + [(_third("have") if agr == "3s" else "have", ((hi, True),))] + obj_en
    return "have", b, en


def _adj(rng: random.Random) -> tuple:
    b = _B()
    r = rng.random()
    q = r < 0.15
    neg = 0.15 <= r < 0.30
    r = rng.random()
    if r < 0.6:
        subj, adj = _subject(rng, q=q), rng.choice(_ADJ_BY["pax"])
    elif r < 0.8:
        subj, adj = _nonhuman(rng, _ANIMALS), rng.choice(_ADJ_BY["ax"])
    else:
        subj, adj = _nonhuman(rng, _THINGS, it=True), rng.choice(_ADJ_BY["tx"])
    time = rng.choice(_TIMES_L) if rng.random() < 0.35 else None
    tfront = time is not None and rng.random() < 0.25
    tense = "pres"
    if time is not None and time.extra in ("past", "fut"):
        tense = time.extra
    if neg:
        deg = None
    elif q:
        deg = _DEG[0] if rng.random() < 0.5 else None
    else:
        deg = rng.choices(_DEG, (6, 2, 1, 1))[0]
    time_en: list = []
    if tfront:
        time_en = _toks(time.en, b.w(time.zh, time.key))
    subj_en, agr = _np(b, subj, "subj")
    if time is not None and not tfront:
        time_en = _toks(time.en, b.w(time.zh, time.key))
    neg_i = b.w("不") if neg else None
    deg_i = b.w(deg.zh, deg.key if deg.en else None) if deg else None
    ai = b.w(adj.zh, adj.key)
    be_links = ((deg_i, False),) if deg is not None and deg.en is None else ()
    deg_en = [(deg.en, ((deg_i, True),))] if deg is not None and deg.en else []
    adj_en = deg_en + [(adj.en, ((ai, True),))]
    if q:
        ma = b.w("吗")
        qm = b.w("？")
        qmark = [("?", ((qm, True), (ma, False)))]
        if tense == "fut":
            en = [("will", ((ma, False),))] + subj_en + [("be", be_links)] + adj_en + time_en + qmark
        else:
            en = [(_agree_be(agr, tense), be_links + ((ma, False),))] + subj_en + adj_en + time_en + qmark
        b.flags.add("q")
    else:
        nt = [("not", ((neg_i, True),))] if neg else []
        if tense == "fut":
            be = [("will", ())] + nt + [("be", be_links)]
        else:
            be = [(_agree_be(agr, tense), be_links)] + nt
        en = subj_en + be + adj_en + time_en
        if neg:
            b.flags.add("neg")
    if time is not None:
        b.flags.add("time")
    if tfront:
        b.flags.add("tfront")
    if tense != "pres":
        b.flags.add(tense)
    if deg is not None and deg.zh == "很":
        b.flags.add("hen")
    return "adj", b, en


_SAMPLERS = [
    (lambda rng: _clause(rng, "svo"), 36),
    (lambda rng: _clause(rng, "sv"), 12),
    (lambda rng: _clause(rng, "motion"), 12),
    (_adj, 14),
    (_copula, 13),
    (_have, 13),
]
_SAMPLER_FNS = [s for s, _ in _SAMPLERS]
_SAMPLER_CUM = []
_acc = 0
for _s, _w in _SAMPLERS:
    _acc += _w
    _SAMPLER_CUM.append(_acc)


def _finish(kind: str, b: _B, en: list) -> tuple[tuple, Pair] | None:
    src = "".join(b.src)
    if len(src) > _MAX_SRC_CHARS or len(en) > _MAX_TGT_TOKENS:
        return None
    links: dict[tuple[int, int], bool] = {}
    for j, (_, ls) in enumerate(en):
        for i, sure in ls:
            links[(i, j)] = links.get((i, j), False) or sure
    construction = kind + "".join("+" + f for f in sorted(b.flags))
    pair = Pair(src, " ".join(t for t, _ in en), tuple(b.src),
                tuple(sorted((i, j, s) for (i, j), s in links.items())), construction)
    return (construction, tuple(b.keys)), pair


GRAMMARS = ("core", "beginner")


def _samplers(grammar: str) -> tuple[list, list, object]:
    """The sampling functions of a grammar, their cumulative weights, and what it rejects (or None)."""
    if grammar == "core":
        return _SAMPLER_FNS, _SAMPLER_CUM, None
    if grammar != "beginner":
        raise ValueError(f"unknown grammar {grammar!r} (one of {', '.join(GRAMMARS)})")
    from . import beginner

    pairs = [(fn, w * beginner.CORE_WEIGHT) for fn, w in _SAMPLERS] + beginner.SAMPLERS
    cum, acc = [], 0.0
    for _, w in pairs:
        acc += w
        cum.append(acc)
    return [fn for fn, _ in pairs], cum, beginner.rejects


def _sample(rng: random.Random, fns=None, cum=None, rejects=None) -> tuple[tuple, Pair]:
    fns, cum = (fns, cum) if fns is not None else (_SAMPLER_FNS, _SAMPLER_CUM)
    while True:
        fn = rng.choices(fns, cum_weights=cum)[0]
        out = _finish(*fn(rng))
        if out is not None and not (rejects and rejects(out[1])):
            return out


def _note_pairs() -> list[tuple[tuple, Pair]]:
    """The sentences of the project notes, built by the grammar itself."""
    out = []
    b = _B()
    en, agr = _np(b, ("pron", _PRON["我"]))
    si = b.w("是")
    pred, _ = _np(b, ("num", _NUM["一"], _NOUN["学生"], None, "个"), "obj")
    out.append(_finish("copula", b, en + [(_agree_be(agr, "pres"), ((si, True),))] + pred))
    b = _B()
    en, agr = _np(b, ("pron", _PRON["我"]))
    verb = _TV["tv:爱"]
    vi = b.w(verb.zh, verb.key)
    obj, _ = _np(b, ("place", _PLACE["中国"]), "obj")
    _, vp = _verb_phrase(b, verb, "pres", None, None, None, vi, agr, False, ())
    out.append(_finish("svo", b, en + vp + obj))
    for (sig, pair), (src, tgt) in zip(out, NOTE_SENTENCES):
        assert pair.src == src and pair.tgt == tgt, (pair, src, tgt)
    return out


def _held_out_signature(seed: int, sig: tuple) -> bool:
    digest = hashlib.blake2b(repr((seed, sig)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 16 == 0


def generate(seed: int = 0, n_train: int = 60000, n_heldout: int = 1200, grammar: str = "core") -> Corpus:
    """A training split and a held-out split of sentence pairs, identical for the same arguments.

    About 1/16 of all signatures (construction, lexical entries in its slots) are held out,
    chosen by a keyed BLAKE2 hash of (seed, signature).  No training pair has a held-out
    signature or the source sentence of a held-out pair; the notes' sentences are always in
    training (a few copies each, at seed-dependent positions).

    `grammar`: "core" (the six constructions of the bundled model) or "beginner" (those and the
    learner's constructions of core.beginner; its fixed phrases are never held out).
    """
    fns, cum, rejects = _samplers(grammar)
    exempt_kinds = ("phrase",) if grammar == "beginner" else ()
    rng = random.Random(seed)
    notes = _note_pairs()
    exempt = {sig for sig, _ in notes}
    note_srcs = {p.src for _, p in notes}
    memo: dict[tuple, bool] = {}

    def held(sig: tuple) -> bool:
        v = memo.get(sig)
        if v is None:
            v = memo[sig] = sig not in exempt and not sig[0].startswith(exempt_kinds) and \
                _held_out_signature(seed, sig)
        return v

    heldout: list[Pair] = []
    heldout_sigs: list[tuple] = []
    held_srcs: set[str] = set()
    attempts = 0
    while len(heldout) < n_heldout:
        attempts += 1
        if attempts > 200 * (n_heldout + 10):
            raise RuntimeError("could not draw enough held-out pairs")
        sig, pair = _sample(rng, fns, cum, rejects)
        if held(sig) and pair.src not in held_srcs and pair.src not in note_srcs:
            heldout.append(pair)
            heldout_sigs.append(sig)
            held_srcs.add(pair.src)

    train: list[Pair] = []
    train_sigs: list[tuple] = []
    while len(train) < n_train:
        sig, pair = _sample(rng, fns, cum, rejects)
        if held(sig) or pair.src in held_srcs:
            continue
        train.append(pair)
        train_sigs.append(sig)
    if n_train:
        copies = max(1, min(5, n_train // (4 * len(notes))))
        slots = rng.sample(range(n_train), min(n_train, copies * len(notes)))
        for k, slot in enumerate(slots):
            train_sigs[slot], train[slot] = notes[k % len(notes)]
    return Corpus(train, heldout, train_sigs, heldout_sigs)


# --------------------------------------------------------------------------- files

def _links_text(pair: Pair) -> str:
    return " ".join(f"{i}{'-' if s else '?'}{j}" for i, j, s in pair.align)


def write_tsv(pairs, path) -> None:
    """src, tgt, space-joined src_words, links ("i-j" sure, "i?j" possible): one pair a line."""
    lines = []
    for p in pairs:
        fields = (p.src, p.tgt, " ".join(p.src_words), _links_text(p))
        if any(("\t" in f or "\n" in f) for f in fields):
            raise ValueError(f"tab or newline inside a pair: {p.src!r}")
        lines.append("\t".join(fields) + "\n")
    atomic_write_bytes(Path(path), "".join(lines).encode("utf-8"))


_LINK = re.compile(r"(\d+)([-?])(\d+)$")


def read_tsv(path) -> list[Pair]:
    """Pairs written by write_tsv (the construction is not stored, so it reads back as "")."""
    pairs = []
    text = Path(path).read_text("utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise ValueError(f"{path}:{n}: expected 4 tab-separated columns, found {len(fields)}")
        src, tgt, words, links = fields
        align = []
        for item in links.split():
            m = _LINK.match(item)
            if not m:
                raise ValueError(f"{path}:{n}: bad link {item!r}")
            align.append((int(m.group(1)), int(m.group(3)), m.group(2) == "-"))
        pairs.append(Pair(src, tgt, tuple(words.split()), tuple(align), ""))
    return pairs


def char_alignment(pair: Pair) -> list[list[int]]:
    """For each English word, the source character indices it is linked to (sure or possible)."""
    starts, pos = [], 0
    for w in pair.src_words:
        starts.append(pos)
        pos += len(w)
    out: list[set[int]] = [set() for _ in pair.tgt.split()]
    for i, j, _ in pair.align:
        out[j].update(range(starts[i], starts[i] + len(pair.src_words[i])))
    return [sorted(s) for s in out]
