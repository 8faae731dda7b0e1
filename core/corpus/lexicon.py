"""The lexicon of the core grammar, as data: pronouns, names, nouns (with measure words and the verbs
they go with), places, adjectives, verbs, time words, numbers and particles; and the entry objects
and word pools the constructions draw from.
"""
from __future__ import annotations


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
大卫 david|琳达 linda|彼得 peter|艾米 amy|迈克 mike|莉莉 lily|山姆 sam|凯特 kate|
小美 xiaomei|小华 xiaohua|小军 xiaojun|小兰 xiaolan|王明 wangming|李华 lihua|张丽 zhangli|
刘强 liuqiang|陈明 chenming|林芳 linfang|马丁 martin|保罗 paul|艾伦 allen|苏珊 susan|爱丽丝 alice|鲍勃 bob|丽莎 lisa|
詹姆斯 james|托尼 tony|海伦 helen"""

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
花|flower|朵|thing,draw,plant
树|tree|棵|thing,draw,plant
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
留学生|foreign student|个|person
大学生|college student|个|person
中学生|high school student|个|person
小学生|pupil|个|person
售货员|salesperson|个|person
导游|guide|个|person,rel
飞行员|pilot|个|person
教练|coach|位|person,rel
英雄|hero|个|person|pl=heroes
冠军|champion|个|person
舞者|dancer|个|person
球员|player|个|person
诗人|poet|个|person
作者|author|位|person
室友|roommate|个|person,have,rel
同事|colleague|个|person,have,rel
男朋友|boyfriend|个|person,have,rel
女朋友|girlfriend|个|person,have,rel
顾客|customer|位|person
邮递员|mailman|个|person|pl=mailmen
消防员|firefighter|个|person
王子|prince|个|person
公主|princess|个|person
国王|king|个|person
小偷|thief|个|person|pl=thieves
志愿者|volunteer|个|person
父亲|father|位|kin
母亲|mother|位|kin
孙子|grandson|个|kin,have
孙女|granddaughter|个|kin,have
外公|grandfather|个|kin
外婆|grandmother|个|kin
舅舅|uncle|个|kin
姑姑|aunt|个|kin
表哥|cousin|个|kin,have
表姐|cousin|个|kin,have
表弟|cousin|个|kin,have
表妹|cousin|个|kin,have
鲸鱼|whale|条|animal
鲨鱼|shark|条|animal
鳄鱼|crocodile|条|animal
金鱼|goldfish|条|animal,hold|pl=goldfish
老鹰|eagle|只|animal
松鼠|squirrel|只|animal
蚊子|mosquito|只|animal|pl=mosquitoes
苍蝇|fly|只|animal
虫子|bug|条|animal
斑马|zebra|匹|animal
河马|hippo|头|animal
孔雀|peacock|只|animal
蝙蝠|bat|只|animal
螃蟹|crab|只|animal,food
恐龙|dinosaur|只|animal
宠物|pet|只|animal,hold
蜗牛|snail|只|animal
仓鼠|hamster|只|animal,hold
山羊|goat|只|animal
公鸡|rooster|只|animal
刺猬|hedgehog|只|animal
龙|dragon|条|animal,draw
橡皮|eraser|块|thing,borrow
尺子|ruler|把|thing,borrow
课本|textbook|本|thing,read,borrow
小说|novel|本|thing,read,write,borrow
文章|article|篇|thing,read,write
日记|diary|篇|thing,read,write
作文|essay|篇|thing,read,write
短信|message|条|thing,read,write,mail
报告|report|份|thing,read,write
护照|passport|本|thing
明信片|postcard|张|thing,mail,write
信封|envelope|个|thing
日历|calendar|本|thing
海报|poster|张|thing,draw
黑板|blackboard|块|thing,draw
空调|air conditioner|台|thing,fix
洗衣机|washing machine|台|thing,fix
台灯|desk lamp|盏|thing,fix
勺子|spoon|把|thing,wash
叉子|fork|把|thing,wash
锅|pot|个|thing,wash
被子|quilt|条|thing,wash
毯子|blanket|条|thing,wash
地毯|carpet|块|thing,wash
桶|bucket|个|thing
盒子|box|个|thing,open
行李箱|suitcase|个|thing,open
毛衣|sweater|件|thing,wear,wash
大衣|overcoat|件|thing,wear
连衣裙|dress|条|thing,wear,wash
围巾|scarf|条|thing,wear2|pl=scarves
手套|glove|只|thing,wear2
运动鞋|sneaker|只|thing,wear,wash
腰带|belt|条|thing,wear2
耳环|earring|只|thing,wear2
手链|bracelet|条|thing,wear2
火车|train|列|thing,draw
摩托车|motorcycle|辆|thing,ride,fix
卡车|truck|辆|thing,drive,fix,wash
救护车|ambulance|辆|thing,drive
钢琴|piano|架|thing,draw
吉他|guitar|把|thing,fix
小提琴|violin|把|thing
鼓|drum|面|thing
蜡笔|crayon|支|thing,borrow
书架|bookshelf|个|thing,fix|pl=bookshelves
柜子|cabinet|个|thing,open
衣柜|wardrobe|个|thing,open
花瓶|vase|个|thing,wash
电池|battery|个|thing
键盘|keyboard|个|thing,fix
遥控器|remote|个|thing
奖牌|medal|枚|thing
气球|balloon|个|thing,hold
拼图|puzzle|个|thing
梳子|comb|把|thing
牙刷|toothbrush|支|thing
灯笼|lantern|个|thing,draw
扇子|fan|把|thing
牛肉|beef|块|food,mass,cook
猪肉|pork|块|food,mass,cook
鸡肉|chicken|块|food,mass,cook
羊肉|lamb|块|food,mass,cook
粥|porridge|碗|food,mass,cook
豆腐|tofu|块|food,mass,cook
胡萝卜|carrot|根|food
黄瓜|cucumber|根|food
洋葱|onion|个|food
蘑菇|mushroom|个|food
辣椒|pepper|个|food
菠萝|pineapple|个|food
芒果|mango|个|food|pl=mangoes
樱桃|cherry|颗|food
披萨|pizza|个|food,cook
馒头|steamed bun|个|food,cook
月饼|mooncake|块|food,cook
香肠|sausage|根|food,cook
奶酪|cheese|块|food,mass
黄油|butter|块|food,mass
沙拉|salad|份|food,cook
酸奶|yogurt|杯,瓶|drink,mass
酒|wine|杯,瓶|drink,mass
汽水|soda|杯,瓶|drink,mass
豆浆|soy milk|杯|drink,mass
矿泉水|mineral water|瓶|drink,mass
汉语|chinese||subject,lang,mass
韩语|korean||subject,lang,mass
俄语|russian||subject,lang,mass
西班牙语|spanish||subject,lang,mass
意大利语|italian||subject,lang,mass
阿拉伯语|arabic||subject,lang,mass
生物|biology||subject,mass
文学|literature||subject,mass
哲学|philosophy||subject,mass
医学|medicine||subject,mass
法律|law||subject,mass
经济学|economics||subject,mass
心理学|psychology||subject,mass
羽毛球|badminton||sport,hand,mass
棒球|baseball||sport,hand,mass
高尔夫球|golf||sport,hand,mass
扑克|poker||sport,hand,mass
象棋|chinese chess||sport,board,mass
"""

_MEASURES = {  # measure word → English unit when it is a container of a mass noun
    "个": None, "位": None, "本": None, "只": None, "张": None, "条": None, "支": None, "把": None,
    "辆": None, "台": None, "件": None, "头": None, "匹": None, "棵": None, "朵": None, "封": None,
    "首": None, "部": None, "扇": None, "架": None, "份": None, "根": None, "面": None, "块": "piece",
    "顶": None, "盏": None, "座": None, "幅": None, "颗": None, "枚": None, "篇": None, "列": None,
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
巴西|brazil|in|city
墨西哥|mexico|in|city
埃及|egypt|in|city
新加坡|singapore|in|city
越南|vietnam|in|city
荷兰|holland|in|city
瑞士|switzerland|in|city
瑞典|sweden|in|city
希腊|greece|in|city
葡萄牙|portugal|in|city
新西兰|new zealand|in|city
阿根廷|argentina|in|city
欧洲|europe|in|city
亚洲|asia|in|city
非洲|africa|in|city
香港|hong kong|in|city
台北|taipei|in|city
青岛|qingdao|in|city
大连|dalian|in|city
苏州|suzhou|in|city
厦门|xiamen|in|city
昆明|kunming|in|city
哈尔滨|harbin|in|city
长沙|changsha|in|city
洛杉矶|los angeles|in|city
芝加哥|chicago|in|city
莫斯科|moscow|in|city
首尔|seoul|in|city
曼谷|bangkok|in|city
华盛顿|washington|in|city
多伦多|toronto|in|city
温哥华|vancouver|in|city
马德里|madrid|in|city
开罗|cairo|in|city
药店|the pharmacy|at|venue
面包店|the bakery|at|venue
洗手间|the bathroom|in|venue
客厅|the living room|in|venue
卧室|the bedroom|in|venue
教堂|the church|at|venue
寺庙|the temple|at|venue
警察局|the police station|at|venue
火车站|the train station|at|venue
地铁站|the subway station|at|venue
公司|the company|at|venue
中学|the high school|at|venue
小学|the primary school|at|venue
幼儿园|the kindergarten|at|venue
酒店|the hotel|at|venue
体育场|the stadium|at|venue
游乐园|the amusement park|at|venue
停车场|the parking lot|in|venue
餐厅|the restaurant|at|venue
理发店|the barber shop|at|venue
花店|the flower shop|at|venue
河边|the river|at|venue
湖边|the lake|at|venue
加油站|the gas station|at|venue
美术馆|the art gallery|at|venue
网吧|the internet cafe|at|venue
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
热情|enthusiastic|p
认真|serious|p
努力|hardworking|p
诚实|honest|p
强壮|strong|a
愉快|cheerful|p
激动|excited|p
担心|worried|p
伤心|sad|p
甜|sweet|t
酸|sour|t
辣|spicy|t
咸|salty|t
新鲜|fresh|t
宽|wide|t
窄|narrow|t
厚|thick|t
软|soft|t
硬|hard|t
方便|convenient|t
明亮|bright|t
热闹|lively|x
可怕|scary|x
普通|ordinary|x
特别|special|x
流行|popular|x
整齐|tidy|x
美丽|beautiful|x
紫|purple|c|A
灰|gray|c|A
棕|brown|c|A
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
复习|review|reviewed|subject|p
练习|practice|practiced|lang,sport|p
忘记|forget|forgot|thing,person|p
记得|remember|remembered|person,thing|p|stative
租|rent|rented|drive,ride|p
选|choose|chose|thing,food,drink|p
尝|taste|tasted|food,drink|p
搬|move|moved|fix|p
擦|wipe|wiped|wash|p
种|plant|planted|plant|p
追|chase|chased|animal,person|a
抓|catch|caught|animal|a
保护|protect|protected|person,animal|p
相信|believe|believed|person|p|stative
表扬|praise|praised|person|p
批评|criticize|criticized|person|p
拜访|visit|visited|person|p
推|push|pushed|fix|p
拉|pull|pulled|fix|p
煮|boil|boiled|cook|p
烤|bake|baked|cook|p
切|cut|cut|food|p
分享|share|shared|food,thing|p
检查|check|checked|fix|p
准备|prepare|prepared|cook|p
讨厌|hate|hated|person,animal,food,drink,subject,sport|p|stative
关心|care about|cared|person,animal|p|stative
脱|take off|took|wear|p
翻译|translate|translated|read|p
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
上班|go to work|went|p
下班|get off work|got|p
上学|go to school|went|p
开会|have a meeting|had|p
上课|have class|had|p
出发|leave|left|p
搬家|move|moved|p
结婚|get married|got|p
毕业|graduate|graduated|p
生病|get sick|got|a
加班|work overtime|worked|p
锻炼|exercise|exercised|p
走路|walk|walked|a
滑冰|skate|skated|p
滑雪|ski|skied|p
弹琴|play the piano|played|p
抽烟|smoke|smoked|p
吵架|argue|argued|p
排队|line up|lined|p
上网|go online|went|p
发烧|have a fever|had|p
咳嗽|cough|coughed|a
看病|see a doctor|saw|p
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
前天|the day before yesterday|past
后天|the day after tomorrow|fut
前年|the year before last|past
后年|the year after next|fut
夜里|at night|any
每年|every year|habit
每个月|every month|habit
周一|on monday|any
周二|on tuesday|any
周三|on wednesday|any
周四|on thursday|any
周五|on friday|any
周六|on saturday|any
周日|on sunday|any
寒假|in the winter vacation|any
暑假|in the summer vacation|any
将来|in the future|fut
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


def source_vocabulary() -> set[str]:
    """Every Chinese character the grammar can produce."""
    return {c for e in _ALL_ENTRIES for c in e.zh}


_DEM_ENTRIES = [_Entry("dem", z, e) for z, e in _DEMS.items()]

# what the grammars import (private names included: the constructions are one family)
__all__ = [
    "_PRONOUNS",
    "_NAMES",
    "_NOUNS",
    "_MEASURES",
    "_NUMBERS",
    "_DEMS",
    "_DEM_PRONOUNS",
    "_PLACES",
    "_ADJS",
    "_DEGREES",
    "_TVERBS",
    "_IVERBS",
    "_MOTION",
    "_TIMES",
    "_FUNCTION",
    "_plural",
    "_third",
    "_lines",
    "_Entry",
    "_Pron",
    "_build_lexicon",
    "_LEX",
    "_ALL_ENTRIES",
    "_PRON",
    "_PERSON_PRONS",
    "_Q_PRONS",
    "_NAMES_L",
    "_NOUN",
    "_PEOPLE",
    "_KIN",
    "_POSSESSED",
    "_ANIMALS",
    "_THINGS",
    "_HAVE",
    "_COUNTABLE_OBJ",
    "_PLACE",
    "_CITIES",
    "_GO_PLACES",
    "_LOC_PLACES",
    "_ADJ_BY",
    "_ATTR",
    "_ATTR_T",
    "_ATTR_A",
    "_TV",
    "_TVERB_L",
    "_TVERB_A",
    "_IVERB_L",
    "_IVERB_A",
    "_MV",
    "_TIMES_L",
    "_NUM",
    "_NUM_L",
    "_NUM_W",
    "_DEG",
    "_DEMP",
    "_VERB_NOUNS",
    "source_vocabulary",
    "_DEM_ENTRIES",
]
