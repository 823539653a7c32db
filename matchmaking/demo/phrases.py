"""Phrase banks for demo profile texts in English, Russian and Uzbek (Latin; Cyrillic is transliterated).

Product phrases are nominative noun phrases, brand-free, so templates can list them after a colon without
inflection. Every tuple triple is (en, ru, uz).
"""

from __future__ import annotations

Tri = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]

PRODUCTS: dict[str, Tri] = {
    "1.1": (
        (
            "4K dome and bullet IP cameras",
            "PTZ cameras with long-range IR illumination",
            "low-light colour cameras for outdoor use",
            "explosion-proof cameras for hazardous areas",
        ),
        (
            "купольные и цилиндрические IP-камеры 4K",
            "поворотные PTZ-камеры с ИК-подсветкой",
            "уличные камеры для работы при слабом освещении",
            "взрывозащищённые камеры для опасных зон",
        ),
        (
            "4K gumbazsimon va silindrsimon IP-kameralar",
            "IK yoritgichli PTZ burilma kameralar",
            "kam yorugʻlikda ishlaydigan tashqi kameralar",
            "xavfli hududlar uchun portlashdan himoyalangan kameralar",
        ),
    ),
    "1.2": (
        (
            "network video recorders for 16 to 128 channels",
            "enterprise video management software (VMS)",
            "video storage servers",
        ),
        (
            "сетевые видеорегистраторы на 16–128 каналов",
            "программное обеспечение VMS для крупных объектов",
            "серверы хранения видеоархива",
        ),
        (
            "16–128 kanalli tarmoq videoregistratorlari",
            "yirik obyektlar uchun VMS dasturiy taʼminoti",
            "videoarxivni saqlash serverlari",
        ),
    ),
    "1.3": (
        (
            "face recognition with watch-list alerts",
            "AI video analytics for crowd and abandoned-object detection",
            "people counting and heat maps",
        ),
        (
            "распознавание лиц с проверкой по базам",
            "видеоаналитика на базе ИИ (скопления людей, оставленные предметы)",
            "подсчёт посетителей и тепловые карты",
        ),
        (
            "maʼlumotlar bazasi boʻyicha yuzni tanib olish",
            "sunʼiy intellektga asoslangan videoanalitika",
            "tashrif buyuruvchilarni sanash va issiqlik xaritalari",
        ),
    ),
    "1.4": (
        (
            "thermal cameras for perimeter protection",
            "bi-spectrum cameras for early fire detection",
            "handheld thermal imagers",
        ),
        (
            "тепловизионные камеры для охраны периметра",
            "бииспектральные камеры для раннего обнаружения возгорания",
            "портативные тепловизоры",
        ),
        (
            "perimetr uchun teplovizion kameralar",
            "yongʻinni erta aniqlaydigan ikki spektrli kameralar",
            "portativ teplovizorlar",
        ),
    ),
    "1.5": (
        (
            "ANPR cameras for car parks and checkpoints",
            "licence plate recognition for Central Asian plates",
            "vehicle access control by number plate",
        ),
        (
            "камеры распознавания номеров для парковок и КПП",
            "распознавание номеров стран Центральной Азии",
            "автоматический въезд по номеру автомобиля",
        ),
        (
            "avtoturargoh va nazorat punktlari uchun ANPR kameralari",
            "Markaziy Osiyo davlat raqamlarini tanib olish dasturi",
            "avtomobil raqami boʻyicha avtomatik kirish",
        ),
    ),
    "2.1": (
        ("proximity and Mifare card readers", "mobile credentials and QR-code readers", "access control controllers"),
        ("считыватели карт EM-Marine и Mifare", "мобильные идентификаторы и QR-считыватели", "контроллеры СКУД"),
        (
            "EM-Marine va Mifare karta oʻquvchilari",
            "mobil identifikatorlar va QR-kod oʻquvchilari",
            "kirishni nazorat qilish kontrollerlari",
        ),
    ),
    "2.2": (
        (
            "face recognition terminals for time and attendance",
            "fingerprint and palm-vein readers",
            "contactless biometric terminals",
        ),
        (
            "терминалы распознавания лиц для учёта рабочего времени",
            "считыватели отпечатков пальцев и вен ладони",
            "бесконтактные биометрические терминалы",
        ),
        (
            "ish vaqtini hisobga olish uchun yuzni tanish terminallari",
            "barmoq izi va kaft tomirlari skanerlari",
            "kontaktsiz biometrik terminallar",
        ),
    ),
    "2.3": (
        ("tripod turnstiles and speed gates", "full-height turnstiles", "automatic barriers for vehicle entrances"),
        ("турникеты-триподы и скоростные проходы", "полноростовые турникеты", "автоматические шлагбаумы"),
        (
            "tripod turniketlar va tezkor oʻtish yoʻlaklari",
            "toʻliq balandlikdagi turniketlar",
            "avtomatik shlagbaumlar",
        ),
    ),
    "2.4": (
        ("electromagnetic and electromechanical locks", "RFID hotel locks", "smart locks with mobile access"),
        (
            "электромагнитные и электромеханические замки",
            "гостиничные RFID-замки",
            "умные замки с доступом со смартфона",
        ),
        (
            "elektromagnit va elektromexanik qulflar",
            "mehmonxonalar uchun RFID qulflar",
            "smartfon orqali ochiladigan aqlli qulflar",
        ),
    ),
    "2.5": (
        (
            "visitor registration kiosks",
            "visitor management and guest pass software",
            "ID document scanners for reception desks",
        ),
        (
            "киоски регистрации посетителей",
            "ПО для оформления гостевых пропусков",
            "сканеры документов для бюро пропусков",
        ),
        (
            "tashrif buyuruvchilarni roʻyxatga olish kiosklari",
            "mehmon ruxsatnomalarini rasmiylashtirish dasturi",
            "ruxsatnoma byurolari uchun hujjat skanerlari",
        ),
    ),
    "3.1": (
        (
            "PIR and dual-technology motion detectors",
            "glass-break and vibration detectors",
            "wireless intrusion detectors",
        ),
        (
            "ИК-извещатели движения и комбинированные датчики",
            "извещатели разбития стекла и вибрационные",
            "беспроводные охранные извещатели",
        ),
        (
            "IK harakat xabarlagichlari va kombinatsiyalangan datchiklar",
            "oyna sinishi va tebranish xabarlagichlari",
            "simsiz qoʻriqlash xabarlagichlari",
        ),
    ),
    "3.2": (
        ("hybrid intrusion control panels", "GSM/IP alarm communicators", "keypads and expansion modules"),
        ("гибридные приёмно-контрольные приборы", "GSM/IP-коммуникаторы", "клавиатуры и модули расширения"),
        ("gibrid qabul qilish-nazorat asboblari", "GSM/IP kommunikatorlar", "klaviaturalar va kengaytirish modullari"),
    ),
    "3.3": (
        (
            "wireless panic buttons for banks and shops",
            "mobile panic buttons with GPS",
            "hold-up alarms for cash desks",
        ),
        (
            "беспроводные тревожные кнопки для банков и магазинов",
            "мобильные тревожные кнопки с GPS",
            "тревожная сигнализация для касс",
        ),
        (
            "banklar va doʻkonlar uchun simsiz tashvish tugmalari",
            "GPS bilan mobil tashvish tugmalari",
            "kassalar uchun tashvish signalizatsiyasi",
        ),
    ),
    "3.4": (
        ("alarm receiving centre software", "24/7 remote monitoring", "rapid response services"),
        (
            "ПО для пультов централизованного наблюдения",
            "круглосуточный удалённый мониторинг объектов",
            "услуги группы быстрого реагирования",
        ),
        (
            "markazlashtirilgan kuzatuv pultlari uchun dasturiy taʼminot",
            "obyektlarni kecha-kunduz masofadan monitoring qilish",
            "tezkor javob guruhi xizmatlari",
        ),
    ),
    "3.5": (
        ("IP video intercoms for apartment buildings", "SIP door stations", "emergency help points"),
        ("IP-видеодомофоны для жилых комплексов", "SIP-вызывные панели", "колонны экстренной связи"),
        ("turar joy majmualari uchun IP videodomofonlar", "SIP chaqiruv panellari", "favqulodda aloqa ustunlari"),
    ),
    "4.1": (
        ("addressable fire alarm panels", "smoke, heat and multi-sensor detectors", "aspirating smoke detection"),
        (
            "адресные приборы пожарной сигнализации",
            "дымовые, тепловые и комбинированные извещатели",
            "аспирационные извещатели",
        ),
        (
            "manzilli yongʻin signalizatsiyasi asboblari",
            "tutun, issiqlik va kombinatsiyalangan xabarlagichlar",
            "aspiratsion tutun xabarlagichlari",
        ),
    ),
    "4.2": (
        ("gas extinguishing systems for server rooms", "sprinkler and deluge systems", "water mist systems"),
        (
            "установки газового пожаротушения для серверных",
            "спринклерные и дренчерные системы",
            "установки тонкораспылённой воды",
        ),
        (
            "server xonalari uchun gazli yongʻin oʻchirish qurilmalari",
            "sprinkler va drencher tizimlari",
            "mayda purkaladigan suv tizimlari",
        ),
    ),
    "4.3": (
        ("powder and CO2 fire extinguishers", "fire cabinets and hose reels", "extinguisher servicing and recharging"),
        (
            "порошковые и углекислотные огнетушители",
            "пожарные шкафы и рукава",
            "перезарядка и обслуживание огнетушителей",
        ),
        (
            "kukunli va karbonat angidridli oʻt oʻchirgichlar",
            "yongʻin shkaflari va yenglari",
            "oʻt oʻchirgichlarni qayta zaryadlash",
        ),
    ),
    "4.4": (
        ("voice alarm and public address systems", "emergency lighting and exit signs", "evacuation control panels"),
        ("системы речевого оповещения", "аварийное освещение и указатели «Выход»", "приборы управления эвакуацией"),
        (
            "ovozli ogohlantirish tizimlari",
            "avariya yoritgichlari va «Chiqish» koʻrsatkichlari",
            "evakuatsiyani boshqarish asboblari",
        ),
    ),
    "4.5": (
        (
            "intumescent coatings for steel structures",
            "fire-resistant cable penetration seals",
            "fire-retardant impregnation for wood",
        ),
        (
            "огнезащитные краски для металлоконструкций",
            "кабельные проходки с огнезащитой",
            "огнезащитная пропитка для древесины",
        ),
        (
            "metall konstruksiyalar uchun olovdan himoya qiluvchi boʻyoqlar",
            "olovbardosh kabel oʻtkazgichlari",
            "yogʻoch uchun olovdan himoya qiluvchi vositalar",
        ),
    ),
    "5.1": (
        ("welded mesh and anti-climb fences", "razor wire and barbed tape", "sliding and swing security gates"),
        ("сварные сетчатые ограждения", "армированная колючая лента", "откатные и распашные ворота"),
        ("payvandlangan toʻrli toʻsiqlar", "tikanli sim va armaturali lenta", "surma va ochiladigan darvozalar"),
    ),
    "5.2": (
        (
            "fence-mounted vibration sensors",
            "microwave and radar perimeter detection",
            "fibre-optic perimeter intrusion detection",
        ),
        (
            "вибрационные извещатели на ограждение",
            "радиоволновые и радарные системы охраны периметра",
            "оптоволоконные периметральные системы",
        ),
        (
            "toʻsiqqa oʻrnatiladigan tebranish datchiklari",
            "radiotoʻlqinli va radarli perimetr tizimlari",
            "optik tolali perimetr xabarlagichlari",
        ),
    ),
    "5.3": (
        ("crash-rated hydraulic bollards", "road blockers and tyre killers", "anti-ram barriers for checkpoints"),
        ("гидравлические противотаранные болларды", "дорожные блокираторы и шипы", "противотаранные шлагбаумы для КПП"),
        (
            "gidravlik taranga qarshi bollardlar",
            "yoʻl blokerlari va shina teshgichlar",
            "nazorat punktlari uchun taranga qarshi shlagbaumlar",
        ),
    ),
    "5.4": (
        ("bullet-resistant doors and windows", "armoured glazing for cash desks", "blast-resistant entrance systems"),
        ("пулестойкие двери и окна", "бронированное остекление для касс", "взрывоустойчивые входные группы"),
        (
            "oʻq oʻtkazmaydigan eshik va derazalar",
            "kassalar uchun zirhli oynalar",
            "portlashga chidamli kirish guruhlari",
        ),
    ),
    "5.5": (
        ("burglary-resistant safes", "fire-resistant document cabinets", "ATM safes and deposit boxes"),
        ("взломостойкие сейфы", "огнестойкие шкафы для документов", "сейфы для банкоматов и депозитные ячейки"),
        ("buzishga chidamli seyflar", "hujjatlar uchun olovbardosh shkaflar", "bankomat seyflari va depozit kataklari"),
    ),
    "6.1": (
        ("next-generation firewalls", "secure remote access (VPN)", "DDoS protection"),
        ("межсетевые экраны нового поколения", "защищённый удалённый доступ (VPN)", "защита от DDoS-атак"),
        ("yangi avlod tarmoqlararo ekranlari", "himoyalangan masofaviy kirish (VPN)", "DDoS hujumlardan himoya"),
    ),
    "6.2": (
        ("SIEM and log management", "managed SOC services", "incident response and threat hunting"),
        ("SIEM и сбор журналов событий", "услуги коммерческого SOC", "реагирование на инциденты"),
        ("SIEM va hodisalar jurnallarini yigʻish", "tijorat SOC xizmatlari", "kiberhodisalarga javob qaytarish"),
    ),
    "6.3": (
        ("data loss prevention (DLP)", "hardware encryption modules", "secure backup and archiving"),
        (
            "системы предотвращения утечек (DLP)",
            "средства криптографической защиты информации",
            "защищённое резервное копирование",
        ),
        (
            "maʼlumotlar sizib chiqishining oldini olish (DLP)",
            "kriptografik himoya vositalari",
            "himoyalangan zaxira nusxalash",
        ),
    ),
    "6.4": (
        ("OT network monitoring for industrial plants", "industrial firewalls for SCADA", "ICS security audits"),
        ("мониторинг сетей АСУ ТП", "промышленные межсетевые экраны для SCADA", "аудит безопасности АСУ ТП"),
        (
            "sanoat tarmoqlarini monitoring qilish",
            "SCADA uchun sanoat tarmoqlararo ekranlari",
            "sanoat boshqaruv tizimlari xavfsizligi auditi",
        ),
    ),
    "6.5": (
        ("multi-factor authentication", "privileged access management (PAM)", "single sign-on and identity governance"),
        (
            "многофакторная аутентификация",
            "управление привилегированным доступом (PAM)",
            "единый вход и управление учётными записями",
        ),
        (
            "koʻp faktorli autentifikatsiya",
            "imtiyozli kirishni boshqarish (PAM)",
            "yagona kirish va hisob yozuvlarini boshqarish",
        ),
    ),
    "7.1": (
        (
            "X-ray baggage scanners",
            "cargo and vehicle X-ray inspection systems",
            "dual-view X-ray scanners for airports",
        ),
        (
            "рентгеновские интроскопы для багажа",
            "инспекционно-досмотровые комплексы для грузов",
            "двухпроекционные интроскопы для аэропортов",
        ),
        (
            "bagaj uchun rentgen introskoplari",
            "yuk va transportni rentgen koʻrikdan oʻtkazish majmualari",
            "aeroportlar uchun yuqori aniqlikdagi introskoplar",
        ),
    ),
    "7.2": (
        ("multi-zone walk-through metal detectors", "handheld metal detectors", "screening lanes for stadiums"),
        ("многозонные арочные металлодетекторы", "ручные металлодетекторы", "досмотровые пункты для стадионов"),
        ("koʻp zonali arkali metall detektorlar", "qoʻl metall detektorlari", "stadionlar uchun koʻrik punktlari"),
    ),
    "7.3": (
        ("trace detectors for explosives and narcotics", "liquid explosives scanners", "portable vapour detectors"),
        ("детекторы следов ВВ и наркотиков", "анализаторы жидкостей", "портативные детекторы паров"),
        (
            "portlovchi va giyohvand moddalar izlarini aniqlovchi detektorlar",
            "suyuqlik analizatorlari",
            "portativ bugʻ detektorlari",
        ),
    ),
    "7.4": (
        ("drone detection radars and RF sensors", "drone jammers", "counter-UAV command systems"),
        (
            "радары и радиочастотные датчики обнаружения дронов",
            "подавители БПЛА",
            "комплексы противодействия беспилотникам",
        ),
        (
            "dronlarni aniqlovchi radarlar va radiochastota datchiklari",
            "dronlarni bostirish qurilmalari",
            "dronlarga qarshi kompleks tizimlar",
        ),
    ),
    "7.5": (
        ("under-vehicle inspection systems", "inspection mirrors and cameras", "automatic vehicle scanning"),
        ("системы досмотра днища автомобилей", "досмотровые зеркала и камеры", "автоматические сканеры транспорта"),
        (
            "avtomobil tagini koʻrikdan oʻtkazish tizimlari",
            "koʻrik oynalari va kameralari",
            "transportni avtomatik skanerlash",
        ),
    ),
    "8.1": (
        ("filtering half masks and respirators", "self-contained breathing apparatus", "gas masks and filters"),
        ("фильтрующие полумаски и респираторы", "дыхательные аппараты на сжатом воздухе", "противогазы и фильтры"),
        (
            "filtrlovchi yarim niqoblar va respiratorlar",
            "siqilgan havoli nafas olish apparatlari",
            "protivogazlar va filtrlar",
        ),
    ),
    "8.2": (
        ("flame-retardant workwear", "chemical protection suits", "high-visibility clothing"),
        ("термостойкая спецодежда", "костюмы химической защиты", "сигнальная одежда повышенной видимости"),
        ("issiqlikka chidamli maxsus kiyim", "kimyoviy himoya kostyumlari", "yaxshi koʻrinadigan signal kiyimlari"),
    ),
    "8.3": (
        ("safety helmets", "safety goggles and face shields", "ear defenders and earplugs"),
        ("защитные каски", "защитные очки и щитки", "противошумные наушники и беруши"),
        ("himoya kaskalari", "himoya koʻzoynaklari va yuz qalqonlari", "shovqindan himoya quloqchinlari"),
    ),
    "8.4": (
        ("full-body safety harnesses", "fall arrest lanyards and anchors", "rope access equipment"),
        ("страховочные привязи", "стропы и анкерные устройства", "снаряжение для высотных работ"),
        ("himoya kamarlari", "strop va ankerli qurilmalar", "balandlikda ishlash anjomlari"),
    ),
    "8.5": (
        ("portable multi-gas detectors", "fixed gas detection systems", "methane and H2S monitors for mines"),
        (
            "портативные многоканальные газоанализаторы",
            "стационарные системы газового контроля",
            "датчики метана и сероводорода для шахт",
        ),
        (
            "koʻp kanalli portativ gaz analizatorlari",
            "statsionar gaz nazorati tizimlari",
            "konlar uchun metan va vodorod sulfid datchiklari",
        ),
    ),
    "9.1": (
        ("hydraulic rescue tools", "lifting bags and shoring", "thermal imaging cameras for firefighters"),
        (
            "гидравлический аварийно-спасательный инструмент",
            "пневмодомкраты и системы крепления",
            "тепловизоры для пожарных",
        ),
        (
            "gidravlik avariya-qutqaruv asboblari",
            "pnevmatik domkratlar va mahkamlash tizimlari",
            "oʻt oʻchiruvchilar uchun teplovizorlar",
        ),
    ),
    "9.2": (
        ("fire engines and aerial ladders", "rescue and command vehicles", "armoured cash-in-transit vehicles"),
        (
            "пожарные автомобили и автолестницы",
            "аварийно-спасательные и штабные автомобили",
            "бронированные инкассаторские автомобили",
        ),
        (
            "oʻt oʻchirish avtomobillari va avtonarvonlar",
            "avariya-qutqaruv va shtab avtomobillari",
            "zirhli inkassatsiya avtomobillari",
        ),
    ),
    "9.3": (
        (
            "first aid kits for workplaces and vehicles",
            "automated external defibrillators",
            "stretchers and immobilisation equipment",
        ),
        (
            "аптечки для предприятий и автомобилей",
            "автоматические наружные дефибрилляторы",
            "носилки и шины для иммобилизации",
        ),
        (
            "korxonalar va avtomobillar uchun dori qutilari",
            "avtomatik tashqi defibrillyatorlar",
            "zambil va immobilizatsiya shinalari",
        ),
    ),
    "9.4": (
        ("DMR and TETRA digital radios", "mobile command and communication units", "satellite communication terminals"),
        ("цифровые радиостанции DMR и TETRA", "мобильные узлы связи", "терминалы спутниковой связи"),
        ("DMR va TETRA raqamli radiostansiyalari", "mobil aloqa tugunlari", "sunʼiy yoʻldosh aloqa terminallari"),
    ),
    "9.5": (
        ("outdoor sirens and loudspeakers", "SMS and cell broadcast alerting", "mass notification software"),
        ("уличные сирены и громкоговорители", "SMS-оповещение населения", "ПО массового оповещения"),
        ("koʻcha sirenalari va karnaylari", "aholini SMS orqali ogohlantirish", "ommaviy xabardor qilish dasturi"),
    ),
    "10.1": (
        (
            "PSIM platforms integrating video, access control and alarms",
            "video walls for control rooms",
            "situation centre fit-out",
        ),
        (
            "PSIM-платформы для интеграции видео, СКУД и сигнализации",
            "видеостены для диспетчерских",
            "оснащение ситуационных центров",
        ),
        (
            "video, kirish nazorati va signalizatsiyani birlashtiruvchi PSIM platformalari",
            "dispetcherlik xonalari uchun videodevorlar",
            "vaziyat markazlarini jihozlash",
        ),
    ),
    "10.2": (
        ("speed and red-light enforcement cameras", "average speed control", "traffic violation processing software"),
        (
            "комплексы фотовидеофиксации превышения скорости",
            "системы контроля средней скорости",
            "ПО обработки нарушений ПДД",
        ),
        (
            "tezlikni oshirishni qayd etuvchi foto-video komplekslar",
            "oʻrtacha tezlikni nazorat qilish tizimlari",
            "yoʻl harakati qoidabuzarliklarini qayta ishlash dasturi",
        ),
    ),
    "10.3": (
        ("building management systems (BMS)", "lighting and HVAC control", "energy metering and monitoring"),
        ("системы диспетчеризации зданий (BMS)", "управление освещением и климатом", "учёт энергопотребления"),
        (
            "binolarni dispetcherlash tizimlari (BMS)",
            "yoritish va iqlimni boshqarish",
            "energiya isteʼmolini hisobga olish",
        ),
    ),
    "10.4": (
        (
            "cloud video surveillance by subscription",
            "remote video monitoring for retail chains",
            "cloud video archive",
        ),
        (
            "облачное видеонаблюдение по подписке",
            "удалённый видеоконтроль для торговых сетей",
            "облачное хранение видеоархива",
        ),
        (
            "obuna asosida bulutli videokuzatuv",
            "savdo tarmoqlari uchun masofaviy videonazorat",
            "videoarxivni bulutda saqlash",
        ),
    ),
    "10.5": (
        (
            "turnkey design and installation of security systems",
            "maintenance contracts",
            "site surveys and project documentation",
        ),
        (
            "проектирование и монтаж систем безопасности под ключ",
            "техническое обслуживание систем",
            "обследование объектов и проектная документация",
        ),
        (
            "xavfsizlik tizimlarini loyihalash va montaj qilish",
            "tizimlarga texnik xizmat koʻrsatish",
            "obyektlarni tekshirish va loyiha hujjatlari",
        ),
    ),
}

# Where a category's products are used (exhibitor references).
APPLICATIONS: dict[str, Tri] = {
    "1": (
        ("city streets", "shopping malls", "industrial sites"),
        ("городские улицы", "торговые центры", "промышленные объекты"),
        ("shahar koʻchalari", "savdo markazlari", "sanoat obyektlari"),
    ),
    "2": (
        ("business centres", "university campuses", "factories"),
        ("бизнес-центры", "университеты", "заводы"),
        ("biznes markazlar", "universitetlar", "zavodlar"),
    ),
    "3": (
        ("banks", "residential complexes", "retail chains"),
        ("банки", "жилые комплексы", "торговые сети"),
        ("banklar", "turar joy majmualari", "savdo tarmoqlari"),
    ),
    "4": (
        ("high-rise buildings", "warehouses", "hotels and hospitals"),
        ("высотные здания", "склады", "гостиницы и больницы"),
        ("koʻp qavatli binolar", "omborlar", "mehmonxonalar va shifoxonalar"),
    ),
    "5": (
        ("critical infrastructure", "government buildings", "oil and gas facilities"),
        ("объекты критической инфраструктуры", "административные здания", "нефтегазовые объекты"),
        ("muhim infratuzilma obyektlari", "maʼmuriy binolar", "neft-gaz obyektlari"),
    ),
    "6": (
        ("banks and payment systems", "telecom operators", "government information systems"),
        ("банки и платёжные системы", "операторы связи", "государственные информационные системы"),
        ("banklar va toʻlov tizimlari", "aloqa operatorlari", "davlat axborot tizimlari"),
    ),
    "7": (
        ("airports and railway stations", "customs checkpoints", "stadiums"),
        ("аэропорты и вокзалы", "таможенные пункты пропуска", "стадионы"),
        ("aeroportlar va vokzallar", "bojxona postlari", "stadionlar"),
    ),
    "8": (
        ("mining and metallurgy", "oil refineries", "construction companies"),
        ("горно-металлургические предприятия", "нефтеперерабатывающие заводы", "строительные компании"),
        ("kon-metallurgiya korxonalari", "neftni qayta ishlash zavodlari", "qurilish kompaniyalari"),
    ),
    "9": (
        ("emergency services", "industrial fire brigades", "civil protection units"),
        ("экстренные службы", "ведомственная пожарная охрана", "подразделения гражданской защиты"),
        ("favqulodda xizmatlar", "idoraviy yongʻin xizmatlari", "fuqaro muhofazasi boʻlinmalari"),
    ),
    "10": (
        ("safe city projects", "smart buildings", "regional administrations"),
        ("проекты «Безопасный город»", "умные здания", "региональные администрации"),
        ("«Xavfsiz shahar» loyihalari", "aqlli binolar", "hududiy hokimliklar"),
    ),
}

# Keywords by subcategory: (en, ru).
KEYWORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "1.1": (("ip camera", "cctv", "4k", "ptz", "poe"), ("ip-камера", "видеонаблюдение", "cctv")),
    "1.2": (("nvr", "vms", "video storage"), ("видеорегистратор", "vms", "видеоархив")),
    "1.3": (("video analytics", "face recognition", "ai"), ("видеоаналитика", "распознавание лиц", "ии")),
    "1.4": (("thermal camera", "thermal imaging", "perimeter"), ("тепловизор", "тепловизионная камера")),
    "1.5": (("anpr", "lpr", "parking"), ("распознавание номеров", "парковка", "кпп")),
    "2.1": (("access control", "card reader", "mifare", "rfid"), ("скуд", "считыватель", "контроллер")),
    "2.2": (("biometrics", "face terminal", "time attendance"), ("биометрия", "учёт рабочего времени")),
    "2.3": (("turnstile", "speed gate", "barrier"), ("турникет", "шлагбаум", "проходная")),
    "2.4": (("electronic lock", "hotel lock", "smart lock"), ("электронный замок", "гостиничный замок")),
    "2.5": (("visitor management", "reception", "guest pass"), ("бюро пропусков", "гостевой пропуск")),
    "3.1": (("motion detector", "pir", "intrusion"), ("извещатель", "охранная сигнализация")),
    "3.2": (("alarm panel", "gsm communicator"), ("ппк", "охранная сигнализация", "gsm")),
    "3.3": (("panic button", "hold-up alarm"), ("тревожная кнопка", "кнопка тревожной сигнализации")),
    "3.4": (("monitoring centre", "arc", "rapid response"), ("пцн", "мониторинг", "гбр")),
    "3.5": (("intercom", "video door phone", "sip"), ("домофон", "видеодомофон")),
    "4.1": (("fire alarm", "smoke detector", "addressable"), ("пожарная сигнализация", "дымовой извещатель")),
    "4.2": (
        ("fire suppression", "sprinkler", "gas extinguishing"),
        ("пожаротушение", "спринклер", "газовое пожаротушение"),
    ),
    "4.3": (("fire extinguisher", "fire cabinet"), ("огнетушитель", "пожарный шкаф")),
    "4.4": (("voice evacuation", "public address", "emergency lighting"), ("соуэ", "оповещение", "эвакуация")),
    "4.5": (("fire retardant", "intumescent coating"), ("огнезащита", "огнезащитная краска")),
    "5.1": (("fence", "anti-climb", "gates"), ("ограждение", "ворота")),
    "5.2": (("perimeter detection", "fence sensor", "radar"), ("охрана периметра", "периметральный извещатель")),
    "5.3": (("bollard", "road blocker", "anti-ram"), ("боллард", "противотаранное устройство")),
    "5.4": (("bullet-resistant", "armoured door", "security glazing"), ("бронедверь", "бронестекло")),
    "5.5": (("safe", "vault", "deposit box"), ("сейф", "депозитная ячейка")),
    "6.1": (("firewall", "ngfw", "vpn", "ddos"), ("межсетевой экран", "vpn", "ddos")),
    "6.2": (("siem", "soc", "incident response"), ("siem", "soc", "мониторинг ИБ")),
    "6.3": (("dlp", "encryption", "backup"), ("dlp", "скзи", "шифрование")),
    "6.4": (("ics security", "scada", "ot security"), ("асу тп", "scada", "промышленная безопасность")),
    "6.5": (("mfa", "pam", "identity"), ("многофакторная аутентификация", "pam", "idm")),
    "7.1": (("x-ray", "baggage scanner", "cargo inspection"), ("интроскоп", "рентген", "досмотр багажа")),
    "7.2": (("metal detector", "walk-through", "screening"), ("металлодетектор", "арочный металлодетектор")),
    "7.3": (("explosives detector", "narcotics detection", "trace detection"), ("детектор вв", "наркотики")),
    "7.4": (("counter-drone", "c-uas", "drone detection"), ("антидрон", "бпла", "подавитель")),
    "7.5": (("under-vehicle inspection", "uvis", "checkpoint"), ("досмотр днища", "кпп")),
    "8.1": (("respirator", "scba", "gas mask"), ("респиратор", "сиз органов дыхания")),
    "8.2": (("workwear", "protective clothing", "fr clothing"), ("спецодежда", "сиз")),
    "8.3": (("safety helmet", "eye protection", "hearing protection"), ("каска", "защитные очки")),
    "8.4": (("fall protection", "harness", "working at height"), ("страховочная привязь", "работы на высоте")),
    "8.5": (("gas detector", "multi-gas", "h2s"), ("газоанализатор", "метан")),
    "9.1": (("rescue tools", "hydraulic tools", "extrication"), ("аварийно-спасательный инструмент", "гаси")),
    "9.2": (("fire truck", "rescue vehicle", "special vehicles"), ("пожарный автомобиль", "спецтранспорт")),
    "9.3": (("first aid", "aed", "defibrillator"), ("аптечка", "дефибриллятор", "первая помощь")),
    "9.4": (("dmr", "tetra", "radio"), ("радиосвязь", "dmr", "tetra")),
    "9.5": (("siren", "mass notification", "public warning"), ("оповещение населения", "сирена")),
    "10.1": (("psim", "control room", "video wall"), ("psim", "ситуационный центр", "видеостена")),
    "10.2": (("traffic enforcement", "speed camera", "red light"), ("фотовидеофиксация", "пдд")),
    "10.3": (("bms", "building automation", "hvac"), ("диспетчеризация", "автоматизация зданий")),
    "10.4": (("cloud video", "vsaas", "remote monitoring"), ("облачное видеонаблюдение", "vsaas")),
    "10.5": (
        ("system integration", "installation", "maintenance"),
        ("монтаж", "проектирование", "слаботочные системы"),
    ),
}

EXHIBITOR_KINDS: dict[str, Tri] = {
    "manufacturer": (
        ("manufacturer", "developer and manufacturer"),
        ("производитель", "разработчик и производитель"),
        ("ishlab chiqaruvchi", "ishlab chiqaruvchi kompaniya"),
    ),
    "distributor": (
        ("distributor", "authorised distributor"),
        ("дистрибьютор", "официальный дистрибьютор"),
        ("distribyutor", "rasmiy distribyutor"),
    ),
    "integrator": (
        ("system integrator", "engineering and integration company"),
        ("системный интегратор", "инжиниринговая компания"),
        ("tizimli integrator", "muhandislik kompaniyasi"),
    ),
    "service_provider": (
        ("security service provider", "service company"),
        ("сервисная компания", "поставщик услуг безопасности"),
        ("xizmat koʻrsatuvchi kompaniya", "xavfsizlik xizmatlarini koʻrsatuvchi kompaniya"),
    ),
    "software_vendor": (
        ("software developer", "software vendor"),
        ("разработчик программного обеспечения", "разработчик ПО"),
        ("dasturiy taʼminot ishlab chiquvchi kompaniya", "IT kompaniya"),
    ),
}

# Profile text templates. Placeholders: {company} {city} {country} {year} {staff} {staff_ru} {projects}
# {kind} {a_kind} {cats} {products} {product1} {products_rest} {apps} {regions} {booth} {hall} {warranty}
# {event} {kind_cap} {context} {context_cap} {sites}.
EXHIBITOR_DESCRIPTIONS: Tri = (
    (
        "{company} is {a_kind} of {cats} solutions, founded in {year} in {city}. Our systems work in {apps}.",
        "Founded in {year}, {company} is {a_kind} based in {city}, {country}. Our focus is {cats}; "
        "more than {projects} completed projects for {apps}.",
        "{company} ({city}, {country}) is {a_kind} specialising in {cats}. {staff} employees and our own "
        "engineering and service team.",
        "We are {a_kind} from {country} with {staff}+ staff. Key markets: {regions}. Main product lines: {products}.",
        "{kind_cap} since {year}. Product range: {products}. References include {apps}.",
    ),
    (
        "{company} — {kind}. "
        "Направления: {cats}. Работаем на рынке с {year} года, реализовано более {projects} проектов.",
        "Компания {company} основана в {year} году ({city}, {country}). Основные направления деятельности: {cats}. "
        "Среди наших заказчиков — {apps}.",
        "Мы — {kind} из города {city}. Продукция: {products}. В штате {staff_ru}.",
        "{company} ({city}) — {kind}. Опыт работы на рынках: {regions}. Продукция сертифицирована в Узбекистане и "
        "странах ЕАЭС.",
        "{kind_cap} в области безопасности с {year} года. Основные решения: {products}.",
    ),
    (
        "{company} — {year}-yildan beri faoliyat yuritib kelayotgan {kind}. Asosiy yoʻnalishlar: {cats}.",
        "Kompaniyamiz {city} shahrida joylashgan. Biz {cats} boʻyicha yechimlar taklif etamiz. {projects} tadan ortiq "
        "loyiha amalga oshirilgan.",
        "{company} ({city}, {country}) — {kind}. Mahsulotlarimiz: {products}. Mijozlarimiz orasida: {apps}.",
        "Biz {staff} nafardan ortiq xodimga ega {kind}miz. Faoliyat hududlari: {regions}. Barcha mahsulotlar "
        "Oʻzbekistonda sertifikatlangan.",
        "{company} xavfsizlik sohasida {year}-yildan beri ishlaydi. Asosiy yechimlar: {products}.",
    ),
)
EXHIBITOR_OFFERINGS: Tri = (
    (
        "At {event} we present {products}. Visit us at booth {booth}, {hall}.",
        "Our offer: {products}. We are looking for distributors and integration partners in {regions}.",
        "Live demonstrations: {products}. Our engineers are available for meetings on all three days.",
        "We supply {products} from a local warehouse, with installer training and a {warranty}-year warranty.",
        "New this year: {product1}. Also on the stand: {products_rest}.",
    ),
    (
        "На выставке {event} представим: {products}. Ждём вас на стенде {booth} ({hall}).",
        "Предлагаем: {products}. Ищем дилеров и партнёров-интеграторов в регионах: {regions}.",
        "Живая демонстрация на стенде: {products}. Специалисты готовы к встречам все три дня выставки.",
        "Поставки со склада в Ташкенте: {products}. Обучение монтажников, гарантия {warranty} года.",
        "Новинки: {product1}. Также на стенде: {products_rest}.",
    ),
    (
        "{event} koʻrgazmasida quyidagilarni namoyish etamiz: {products}. Sizni {hall}dagi {booth} stendida kutamiz.",
        "Taklifimiz: {products}. Quyidagi hududlarda diler va integrator hamkorlar izlayapmiz: {regions}.",
        "Stendimizda jonli namoyish: {products}. "
        "Mutaxassislarimiz koʻrgazmaning uch kuni davomida uchrashuvlarga tayyor.",
        "Toshkentdagi ombordan yetkazib berish: {products}. Montajchilarni oʻqitish va {warranty} yillik kafolat.",
        "Yangiliklar: {product1}. Stendda shuningdek: {products_rest}.",
    ),
)
BUYER_DESCRIPTIONS: Tri = (
    (
        "{company} is {a_kind} in {city}. {staff} employees; security is managed by our own department.",
        "We are {a_kind} based in {city}, {country}, responsible for {sites} sites.",
        "{company} ({city}) — {kind}. Our security and facilities team covers {sites} sites across the region.",
    ),
    (
        "{company} — {kind}, г. {city}. В штате {staff_ru}, собственная служба безопасности.",
        "Мы — {kind} ({city}, {country}). Количество объектов: {sites}.",
        "{company}: {kind}. Работаем с {year} года, служба безопасности обслуживает объекты по всему региону.",
    ),
    (
        "{company} — {city} shahridagi {kind}. Xodimlar soni: {staff} nafar.",
        "{company} — {city} shahrida faoliyat yuritayotgan {kind}. Tasarrufimizda {sites} ta obyekt bor.",
        "{company} {year}-yildan beri faoliyat koʻrsatmoqda. "
        "Xavfsizlik boʻlimimiz {sites} ta obyektga xizmat koʻrsatadi.",
    ),
)
BUYER_DESCRIPTIONS_INTEGRATOR: Tri = (
    (
        "{company} ({city}) is {a_kind} with {staff} employees; more than {projects} projects delivered for {apps}.",
        "We are {a_kind} based in {city}, {country}, working on {cats} projects since {year}.",
    ),
    (
        "{company} — {kind}, г. {city}. Выполнено более {projects} проектов, в штате {staff_ru}.",
        "Мы — {kind} ({city}, {country}). Направления: {cats}. Среди заказчиков — {apps}.",
    ),
    (
        "{company} — {city} shahridagi {kind}. {projects} tadan ortiq loyiha amalga oshirilgan.",
        "{company} {year}-yildan beri faoliyat koʻrsatmoqda. Yoʻnalishlarimiz: {cats}. Mijozlarimiz orasida: {apps}.",
    ),
)
BUYER_LOOKING_FOR: Tri = (
    (
        "We are looking for {products} {context}.",
        "Planning to purchase {products} {context}; "
        "we prefer suppliers with local service and certification in Uzbekistan.",
        "{context_cap} we need {products}. We would like to meet manufacturers and their official distributors.",
        "Our priorities this year: {products}. We want to compare offers from several vendors.",
        "Interested in {products} {context}.",
    ),
    (
        "Ищем поставщиков: {products} — {context}.",
        "Планируем закупку {context}: {products}. Интересуют производители с сервисом в Узбекистане.",
        "{context_cap} требуются: {products}. Хотим встретиться с производителями и официальными дистрибьюторами.",
        "Приоритеты на этот год: {products}. Рассматриваем предложения нескольких поставщиков.",
        "Интересует: {products} ({context}).",
    ),
    (
        "{context_cap} quyidagilarni xarid qilishni rejalashtirmoqdamiz: {products}.",
        "Bizni qiziqtiradi: {products}. Oʻzbekistonda servis markazi bor yetkazib beruvchilar bilan uchrashmoqchimiz.",
        "{context_cap} yetkazib beruvchilar izlayapmiz: {products}.",
        "{context_cap} kerak: {products}. Ishlab chiqaruvchilar va rasmiy distribyutorlar bilan uchrashishni istaymiz.",
        "Bu yilgi ustuvor vazifalarimiz: {products}. "
        "Bir nechta yetkazib beruvchilarning takliflarini solishtirmoqchimiz.",
    ),
)
TIMEFRAME_SENTENCES: dict[str, tuple[str, str, str]] = {
    "0-3m": (
        "Purchase planned within three months.",
        "Закупка планируется в ближайшие три месяца.",
        "Xarid yaqin uch oy ichida rejalashtirilgan.",
    ),
    "3-6m": (
        "Budget approved, tender expected in 3–6 months.",
        "Бюджет утверждён, тендер — через 3–6 месяцев.",
        "Byudjet tasdiqlangan, tender 3–6 oydan keyin boʻladi.",
    ),
    "6-12m": (
        "We are preparing next year's budget.",
        "Формируем бюджет на следующий год.",
        "Kelgusi yil byudjetini shakllantirmoqdamiz.",
    ),
    "12m+": (
        "Long-term project, currently collecting information.",
        "Долгосрочный проект, пока собираем информацию.",
        "Uzoq muddatli loyiha, hozircha maʼlumot yigʻmoqdamiz.",
    ),
}

# Buyer sub-profiles per organisation type: kind (en, ru, uz), context (en, ru, uz), likely product codes
# (most likely first), company-name noun (uz, ru, en) and Uzbek legal forms.
BuyerSubtype = dict[str, tuple[str, ...]]
BUYER_SUBTYPES: dict[str, tuple[BuyerSubtype, ...]] = {
    "government": (
        {
            "kind": (
                "regional administration procurement department",
                "отдел закупок региональной администрации",
                "hududiy hokimlikning xaridlar boʻlimi",
            ),
            "context": (
                "for a city-wide safe city programme",
                "в рамках программы «Безопасный город»",
                "«Xavfsiz shahar» dasturi doirasida",
            ),
            "codes": ("10.1", "10.2", "1.3", "1.1", "1.5", "9.5", "10.4"),
            "noun": ("Xavfsiz Hudud Markazi", "Центр безопасности", "Safety Centre"),
            "forms": ("DUK",),
        },
        {
            "kind": (
                "ministry procurement unit",
                "управление закупок министерства",
                "vazirlikning xaridlar boshqarmasi",
            ),
            "context": (
                "for administrative buildings in the regions",
                "для административных зданий в регионах",
                "viloyatlardagi maʼmuriy binolar uchun",
            ),
            "codes": ("2.3", "2.1", "4.1", "1.1", "5.4", "2.5", "4.4"),
            "noun": ("Texnik Taʼminot", "Техснаб", "Technical Supply"),
            "forms": ("DUK",),
        },
        {
            "kind": (
                "emergency service procurement unit",
                "отдел закупок службы по чрезвычайным ситуациям",
                "favqulodda vaziyatlar xizmatining xaridlar boʻlimi",
            ),
            "context": (
                "to equip regional rescue units",
                "для оснащения региональных спасательных подразделений",
                "hududiy qutqaruv boʻlinmalarini jihozlash uchun",
            ),
            "codes": ("9.1", "9.2", "9.4", "9.5", "8.1", "4.3", "9.3"),
            "noun": ("Qutqaruv Taʼminoti", "Спасснаб", "Rescue Supply"),
            "forms": ("DUK",),
        },
    ),
    "law_enforcement": (
        {
            "kind": (
                "technical supply unit of a law-enforcement agency",
                "подразделение материально-технического обеспечения",
                "moddiy-texnika taʼminoti boʻlinmasi",
            ),
            "context": (
                "to secure public events",
                "для обеспечения безопасности массовых мероприятий",
                "ommaviy tadbirlar xavfsizligini taʼminlash uchun",
            ),
            "codes": ("7.2", "7.4", "1.3", "9.4", "7.3", "5.3"),
            "noun": ("Maxsus Texnika", "Спецтехника", "Special Equipment"),
            "forms": ("DUK",),
        },
        {
            "kind": ("customs inspection service", "служба таможенного досмотра", "bojxona koʻrigi xizmati"),
            "context": (
                "for border and customs checkpoints",
                "для пунктов пропуска на границе",
                "chegara va bojxona postlari uchun",
            ),
            "codes": ("7.1", "7.3", "7.5", "1.5", "1.4", "5.3"),
            "noun": ("Koʻrik Texnikasi", "Досмотр Сервис", "Inspection Services"),
            "forms": ("DUK",),
        },
    ),
    "transport": (
        {
            "kind": ("metro operator", "оператор метрополитена", "metropoliten operatori"),
            "context": (
                "for metro stations and depots",
                "для станций метро и депо",
                "metro bekatlari va depolari uchun",
            ),
            "codes": ("2.3", "1.3", "4.1", "4.4", "7.2", "1.1", "9.5"),
            "noun": ("Metro Servis", "Метро Сервис", "Metro Services"),
            "forms": ("AJ", "DUK"),
        },
        {
            "kind": ("airport operator", "аэропортовый комплекс", "aeroport majmuasi"),
            "context": (
                "for the new passenger terminal",
                "для нового пассажирского терминала",
                "yangi yoʻlovchi terminali uchun",
            ),
            "codes": ("7.1", "7.2", "1.3", "2.2", "4.1", "5.3", "7.4"),
            "noun": ("Aero Terminal", "Аэро Терминал", "Aero Terminal"),
            "forms": ("AJ",),
        },
        {
            "kind": (
                "railway passenger company",
                "железнодорожная компания",
                "temir yoʻl yoʻlovchi tashish kompaniyasi",
            ),
            "context": (
                "for railway stations and trains",
                "для вокзалов и подвижного состава",
                "vokzallar va poyezdlar uchun",
            ),
            "codes": ("1.1", "1.2", "4.1", "7.2", "9.4", "2.3"),
            "noun": ("Temir Yoʻl Servis", "Ж/Д Сервис", "Rail Services"),
            "forms": ("AJ", "MChJ"),
        },
    ),
    "energy": (
        {
            "kind": ("oil and gas company", "нефтегазовая компания", "neft-gaz kompaniyasi"),
            "context": (
                "for gas processing plants and compressor stations",
                "для газоперерабатывающих заводов и компрессорных станций",
                "gazni qayta ishlash zavodlari va kompressor stansiyalari uchun",
            ),
            "codes": ("5.2", "1.4", "8.5", "4.2", "6.4", "5.1", "8.2"),
            "noun": ("Neft-Gaz", "Нефтегаз", "Oil & Gas"),
            "forms": ("AJ",),
        },
        {
            "kind": (
                "power generation company",
                "энергогенерирующая компания",
                "elektr energiyasi ishlab chiqaruvchi korxona",
            ),
            "context": (
                "for substations and power plants",
                "для подстанций и электростанций",
                "podstansiyalar va elektr stansiyalari uchun",
            ),
            "codes": ("5.1", "5.2", "1.4", "6.4", "4.2", "1.1"),
            "noun": ("Energiya", "Энерго", "Energy"),
            "forms": ("AJ",),
        },
    ),
    "industry": (
        {
            "kind": ("mining and metallurgy combine", "горно-металлургический комбинат", "kon-metallurgiya kombinati"),
            "context": (
                "for open-pit mines and processing plants",
                "для карьеров и обогатительных фабрик",
                "ochiq konlar va boyitish fabrikalari uchun",
            ),
            "codes": ("8.5", "8.1", "8.2", "8.3", "8.4", "1.1", "2.2"),
            "noun": ("Kon-Metallurgiya", "ГМК", "Mining & Metals"),
            "forms": ("AJ",),
        },
        {
            "kind": ("manufacturing company", "производственное предприятие", "ishlab chiqarish korxonasi"),
            "context": (
                "for the new production site",
                "для новой производственной площадки",
                "yangi ishlab chiqarish maydoni uchun",
            ),
            "codes": ("2.2", "1.1", "4.2", "8.2", "8.3", "6.4", "4.1"),
            "noun": ("Sanoat", "Промтех", "Industries"),
            "forms": ("MChJ", "AJ"),
        },
    ),
    "finance": (
        {
            "kind": ("commercial bank", "коммерческий банк", "tijorat banki"),
            "context": (
                "for our branch and ATM network",
                "для сети филиалов и банкоматов",
                "filiallar va bankomatlar tarmogʻi uchun",
            ),
            "codes": ("3.3", "5.5", "5.4", "1.3", "6.1", "6.3", "3.4"),
            "noun": ("Bank", "Банк", "Bank"),
            "forms": ("ATB",),
        },
        {
            "kind": ("payment services company", "платёжная компания", "toʻlov xizmatlari kompaniyasi"),
            "context": ("for our processing centre", "для процессингового центра", "protsessing markazimiz uchun"),
            "codes": ("6.1", "6.2", "6.3", "6.5", "2.2"),
            "noun": ("Toʻlov Tizimlari", "Платёжные Системы", "Payments"),
            "forms": ("MChJ",),
        },
    ),
    "telecom": (
        {
            "kind": ("telecom operator", "оператор связи", "aloqa operatori"),
            "context": (
                "for data centres and base stations",
                "для ЦОД и базовых станций",
                "maʼlumotlarni qayta ishlash markazlari va tayanch stansiyalar uchun",
            ),
            "codes": ("6.1", "6.2", "6.5", "4.2", "2.1", "10.4", "1.2"),
            "noun": ("Telekom", "Телеком", "Telecom"),
            "forms": ("MChJ", "AJ"),
        },
    ),
    "integrator": (
        {
            "kind": ("system integrator", "системный интегратор", "tizimli integrator"),
            "context": (
                "for projects with government customers",
                "для проектов с государственными заказчиками",
                "davlat buyurtmachilari bilan loyihalar uchun",
            ),
            "codes": ("1.1", "1.2", "2.1", "4.1", "10.1", "3.2", "2.3", "10.3"),
            "noun": ("Integratsiya", "Интеграция", "Integration"),
            "forms": ("MChJ",),
        },
        {
            "kind": (
                "low-current systems installer",
                "монтажная организация (слаботочные системы)",
                "kam quvvatli tizimlar montaj tashkiloti",
            ),
            "context": (
                "for residential complex projects",
                "для проектов жилых комплексов",
                "turar joy majmualari loyihalari uchun",
            ),
            "codes": ("3.5", "1.1", "4.1", "2.1", "3.1", "4.4"),
            "noun": ("Montaj Servis", "Монтаж Сервис", "Installations"),
            "forms": ("MChJ",),
        },
    ),
    "hospitality": (
        {
            "kind": ("hotel group", "гостиничная группа", "mehmonxonalar guruhi"),
            "context": (
                "for a 250-room hotel under construction",
                "для строящейся гостиницы на 250 номеров",
                "qurilayotgan 250 xonali mehmonxona uchun",
            ),
            "codes": ("2.4", "1.1", "4.1", "4.4", "10.3", "3.5", "2.5"),
            "noun": ("Hotel", "Отель", "Hotels"),
            "forms": ("MChJ",),
        },
    ),
    "retail": (
        {
            "kind": ("retail chain", "торговая сеть", "savdo tarmogʻi"),
            "context": (
                "for our supermarkets and distribution warehouses",
                "для супермаркетов и распределительных складов",
                "supermarketlar va tarqatish omborlari uchun",
            ),
            "codes": ("1.1", "1.3", "10.4", "3.3", "4.3", "3.1"),
            "noun": ("Market", "Маркет", "Retail"),
            "forms": ("MChJ",),
        },
    ),
    "real_estate": (
        {
            "kind": (
                "business centre operator",
                "управляющая компания бизнес-центров",
                "biznes markazlar boshqaruv kompaniyasi",
            ),
            "context": ("for a class A business centre", "для бизнес-центра класса А", "A toifali biznes markaz uchun"),
            "codes": ("2.3", "2.5", "10.3", "1.1", "4.1", "4.2"),
            "noun": ("Biznes Markazi", "Бизнес Центр", "Business Centre"),
            "forms": ("MChJ",),
        },
        {
            "kind": ("residential developer", "девелопер жилой недвижимости", "turar joy quruvchi kompaniya"),
            "context": ("for a new residential quarter", "для нового жилого квартала", "yangi turar joy mavzesi uchun"),
            "codes": ("3.5", "1.1", "2.1", "4.1", "10.4", "5.1"),
            "noun": ("Qurilish", "Девелопмент", "Development"),
            "forms": ("MChJ",),
        },
    ),
    "healthcare": (
        {
            "kind": ("multi-profile hospital", "многопрофильная больница", "koʻp tarmoqli shifoxona"),
            "context": ("for the hospital campus", "для больничного комплекса", "shifoxona majmuasi uchun"),
            "codes": ("4.1", "4.4", "2.1", "1.1", "9.3", "3.3"),
            "noun": ("Tibbiyot Markazi", "Медцентр", "Medical Centre"),
            "forms": ("MChJ", "DUK"),
        },
    ),
    "education": (
        {
            "kind": ("private university", "частный университет", "xususiy universitet"),
            "context": ("for the campus and dormitories", "для кампуса и общежитий", "kampus va yotoqxonalar uchun"),
            "codes": ("2.2", "2.3", "1.1", "4.1", "4.4", "9.3"),
            "noun": ("Xalqaro Universiteti", "Университет", "University"),
            "forms": ("MChJ",),
        },
    ),
    "other": (
        {
            "kind": ("logistics company", "логистическая компания", "logistika kompaniyasi"),
            "context": (
                "for our logistics terminals",
                "для логистических терминалов",
                "logistika terminallarimiz uchun",
            ),
            "codes": ("1.1", "1.5", "4.3", "2.3", "10.4", "8.2"),
            "noun": ("Logistika", "Логистик", "Logistics"),
            "forms": ("MChJ",),
        },
        {
            "kind": ("sports and events venue", "спортивно-концертный комплекс", "sport va konsert majmuasi"),
            "context": ("for a sports complex", "для спортивного комплекса", "sport majmuasi uchun"),
            "codes": ("7.2", "2.3", "1.3", "4.4", "9.3"),
            "noun": ("Arena", "Арена", "Arena"),
            "forms": ("MChJ",),
        },
    ),
}

# Buyer organisation-type weights for Uzbek and for foreign buyers (order of BUYER_ORG_TYPES).
BUYER_TYPE_WEIGHTS_UZ = (8, 6, 7, 7, 10, 10, 5, 16, 6, 7, 8, 4, 4, 2)
BUYER_TYPE_WEIGHTS_FOREIGN = (3, 2, 6, 8, 8, 6, 4, 40, 4, 6, 6, 2, 2, 3)

JOB_TITLES_EXHIBITOR: dict[str, Tri] = {
    "lead": (
        (
            "Sales Director",
            "Regional Sales Manager, Central Asia",
            "Export Manager",
            "General Manager",
            "Business Development Director",
            "Country Manager Uzbekistan",
            "Head of International Sales",
        ),
        (
            "Генеральный директор",
            "Коммерческий директор",
            "Директор по продажам",
            "Руководитель отдела продаж",
            "Директор по развитию бизнеса",
            "Региональный менеджер по Центральной Азии",
        ),
        (
            "Direktor",
            "Bosh direktor",
            "Tijorat direktori",
            "Savdo boʻlimi boshligʻi",
            "Biznesni rivojlantirish boʻyicha direktor",
        ),
    ),
    "member": (
        (
            "Sales Engineer",
            "Pre-sales Engineer",
            "Key Account Manager",
            "Technical Support Engineer",
            "Product Manager",
            "Marketing Manager",
            "Project Manager",
        ),
        (
            "Менеджер по продажам",
            "Инженер технической поддержки",
            "Менеджер проектов",
            "Ведущий инженер",
            "Менеджер по работе с ключевыми клиентами",
            "Инженер-проектировщик",
        ),
        (
            "Savdo menejeri",
            "Loyiha menejeri",
            "Texnik muhandis",
            "Yetakchi muhandis",
            "Marketing boʻyicha mutaxassis",
            "Texnik yordam muhandisi",
        ),
    ),
}
JOB_TITLES_BUYER: dict[str, Tri] = {
    "decision_maker": (
        (
            "Director General",
            "Deputy Director for Security",
            "Chief Security Officer",
            "Head of Procurement",
            "Chief Technical Officer",
        ),
        (
            "Генеральный директор",
            "Заместитель директора по безопасности",
            "Начальник службы безопасности",
            "Директор по закупкам",
            "Технический директор",
        ),
        (
            "Direktor",
            "Xavfsizlik boʻyicha direktor oʻrinbosari",
            "Xavfsizlik xizmati boshligʻi",
            "Xaridlar boʻlimi boshligʻi",
            "Texnik direktor",
        ),
    ),
    "influencer": (
        ("Head of IT", "Chief Engineer", "Security Manager", "Facility Manager"),
        ("Начальник отдела ИТ", "Главный инженер", "Руководитель службы охраны", "Управляющий зданием"),
        ("AT boʻlimi boshligʻi", "Bosh muhandis", "Qoʻriqlash xizmati rahbari", "Bino boshqaruvchisi"),
    ),
    "specifier": (
        ("Design Engineer", "Lead Engineer, Low-Current Systems", "Fire Safety Engineer", "Technical Specialist"),
        (
            "Инженер-проектировщик",
            "Ведущий инженер по слаботочным системам",
            "Инженер по пожарной безопасности",
            "Специалист по технической защите",
        ),
        (
            "Loyihalovchi muhandis",
            "Kam quvvatli tizimlar boʻyicha yetakchi muhandis",
            "Yongʻin xavfsizligi muhandisi",
            "Texnik himoya mutaxassisi",
        ),
    ),
    "user": (
        ("Security Shift Supervisor", "Control Room Operator", "HSE Specialist", "Security Officer"),
        (
            "Начальник смены охраны",
            "Оператор диспетчерской",
            "Специалист по охране труда",
            "Инспектор службы безопасности",
        ),
        (
            "Qoʻriqlash smenasi boshligʻi",
            "Dispetcherlik operatori",
            "Mehnat muhofazasi mutaxassisi",
            "Xavfsizlik xizmati inspektori",
        ),
    ),
}

# Exhibitor category choice: main-category weights, related categories for a secondary code, and the code
# pools of software vendors and service providers.
MAIN_CATEGORY_WEIGHTS = {"1": 22, "2": 15, "3": 8, "4": 14, "5": 7, "6": 8, "7": 7, "8": 8, "9": 5, "10": 6}
RELATED_CATEGORIES = {
    "1": ("10", "2"), "2": ("1", "5"), "3": ("1", "4"), "4": ("9", "3"), "5": ("2", "7"),
    "6": ("10",), "7": ("5", "1"), "8": ("9", "4"), "9": ("8", "4"), "10": ("1", "6"),
}  # fmt: skip
SOFTWARE_CODE_GROUPS = (
    ("1.2", "1.3", "1.5", "10.4", "10.1"),
    ("6.1", "6.2", "6.3", "6.4", "6.5"),
    ("10.1", "2.5", "3.4", "10.2", "1.3"),
)
SERVICE_CODES = ("3.4", "10.5", "4.3", "6.2", "10.4", "1.3")
