"""Word lists and sentence templates for the benchmark corpus (see corpus.py).

Names are invented from common given names and family names of the region;
publishers are fictional and live under the reserved `.example` domain, so a
generated article can never be mistaken for a real one.
"""

import calendar

GIVEN_NAMES = [
    "Ahmad",
    "Mohammed",
    "Omar",
    "Khaled",
    "Yusuf",
    "Hassan",
    "Ali",
    "Mahmoud",
    "Ibrahim",
    "Samir",
    "Tariq",
    "Walid",
    "Fadi",
    "Bassam",
    "Nabil",
    "Rami",
    "Karim",
    "Ziad",
    "Jamal",
    "Hussein",
    "Mustafa",
    "Salim",
    "Anas",
    "Bilal",
    "Firas",
    "Hamza",
    "Ammar",
    "Majid",
    "Layla",
    "Rania",
    "Nour",
    "Huda",
    "Salma",
    "Dalia",
    "Mariam",
    "Yasmin",
    "Amira",
    "Zeinab",
    "Mehmet",
    "Emre",
    "Burak",
    "Serkan",
    "Murat",
    "Kemal",
    "Hakan",
    "Ayse",
    "Elif",
    "Zeynep",
    "Dilan",
    "Rojin",
    "Berivan",
    "Shervan",
    "Azad",
    "Rezan",
    "Hevi",
    "Saman",
    "Aram",
    "Reza",
    "Dariush",
    "Kaveh",
    "Farhad",
    "Nasrin",
    "Shirin",
    "Parisa",
    "Sergei",
    "Dmitri",
    "Alexei",
    "Igor",
    "Yevgeny",
    "Olga",
    "Irina",
    "John",
    "Michael",
    "David",
    "Sarah",
    "Emily",
    "James",
    "Laura",
    "Thomas",
    "Anne",
    "Pierre",
    "Claire",
    "Jean-Marc",
    "Sophie",
    "Klaus",
    "Martina",
    "Henrik",
]

FAMILY_NAMES = [
    "Haddad",
    "Khalil",
    "Nasser",
    "Mansour",
    "Saleh",
    "Hamdan",
    "Darwish",
    "Qassem",
    "Aziz",
    "Bakri",
    "Shami",
    "Halabi",
    "Jaber",
    "Othman",
    "Sabbagh",
    "Rifai",
    "Kanaan",
    "Zoubi",
    "Tamimi",
    "Obeidi",
    "Jubouri",
    "Dulaimi",
    "Shammari",
    "Hakim",
    "Barzani",
    "Talabani",
    "Rashid",
    "Karimi",
    "Hosseini",
    "Ahmadi",
    "Moradi",
    "Rostami",
    "Tehrani",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Celik",
    "Sahin",
    "Ozturk",
    "Aydin",
    "Arslan",
    "Dogan",
    "Kurt",
    "Koc",
    "Polat",
    "Bozkurt",
    "Ismail",
    "Amin",
    "Sheikhmous",
    "Hesso",
    "Omari",
    "Ivanov",
    "Petrov",
    "Sokolov",
    "Volkov",
    "Morozov",
    "Lebedev",
    "Miller",
    "Harris",
    "Walker",
    "Bennett",
    "Carter",
    "Hughes",
    "Fischer",
    "Weber",
    "Dubois",
    "Moreau",
    "Laurent",
    "Lindqvist",
    "Rossi",
    "Marchetti",
]

# Countries the corpus is about, with a demonym for "Turkish forces" and the
# capital used as a metonym ("Ankara said").
STATES = {
    "SY": ("Syrian", "Damascus"),
    "IQ": ("Iraqi", "Baghdad"),
    "TR": ("Turkish", "Ankara"),
    "IR": ("Iranian", "Tehran"),
    "RU": ("Russian", "Moscow"),
    "US": ("American", "Washington"),
    "LB": ("Lebanese", "Beirut"),
    "JO": ("Jordanian", "Amman"),
    "IL": ("Israeli", "Jerusalem"),
    "SA": ("Saudi", "Riyadh"),
    "QA": ("Qatari", "Doha"),
    "AE": ("Emirati", "Abu Dhabi"),
    "EG": ("Egyptian", "Cairo"),
    "FR": ("French", "Paris"),
    "GB": ("British", "London"),
    "DE": ("German", "Berlin"),
}

# Countries whose towns are the places of the corpus.
PLACE_COUNTRIES = ["SY", "IQ", "TR", "LB", "JO", "IR", "SA", "EG", "IL", "PS", "YE", "KW"]
GOVERNORATE_WORD = {"TR": "Province", "IR": "Province", "SA": "Province"}

IGOS = [
    ("United Nations", ["UN"]),
    ("North Atlantic Treaty Organization", ["NATO"]),
    ("European Union", ["EU"]),
    ("Arab League", ["League of Arab States"]),
    ("Organisation for the Prohibition of Chemical Weapons", ["OPCW"]),
    ("Organization of Islamic Cooperation", ["OIC"]),
    ("African Union", ["AU"]),
    ("Gulf Cooperation Council", ["GCC"]),
]

AGENCIES = [
    ("UN Refugee Agency", ["UNHCR"]),
    ("World Food Programme", ["WFP"]),
    ("International Committee of the Red Cross", ["ICRC", "Red Cross"]),
    ("World Health Organization", ["WHO"]),
    ("Office for the Coordination of Humanitarian Affairs", ["OCHA"]),
    ("Regional Human Rights Monitor", ["RHRM"]),
]

# Fictional waters, with approximate real coordinates of the water they stand for.
WATERS = [
    ("Euphrates", 35.95, 39.01),
    ("Tigris", 36.34, 43.13),
    ("Lake Assad", 36.02, 38.22),
    ("Mosul Dam reservoir", 36.75, 42.75),
    ("Orontes", 35.52, 36.38),
    ("Khabur", 36.20, 40.75),
    ("Lake Van", 38.63, 42.90),
    ("Dead Sea", 31.50, 35.48),
]

UNIT_ORDINALS = [
    "1st",
    "2nd",
    "3rd",
    "4th",
    "5th",
    "7th",
    "9th",
    "11th",
    "17th",
    "25th",
    "30th",
    "52nd",
]
UNIT_ARMS = ["Armoured", "Mechanised", "Infantry", "Commando", "Special Forces", "Artillery"]
UNIT_SIZES = ["Division", "Brigade", "Regiment", "Battalion"]

GROUP_PATTERNS = [
    "{place} Martyrs Brigade",
    "Army of the {noun}",
    "{adj} Front",
    "{noun} Legion",
    "Free {place} Battalion",
    "{adj} Resistance Movement",
    "{place} Revolutionary Council",
    "Sons of {place}",
    "{adj} {noun} Brigades",
    "{place} Defence Units",
]
GROUP_NOUNS = [
    "Levant",
    "Euphrates",
    "North",
    "Dawn",
    "Victory",
    "Conquest",
    "Unity",
    "Liberation",
    "Steppe",
    "Mountains",
    "Valley",
    "Coast",
    "Desert",
    "Tribes",
    "Faithful",
    "Free Men",
]
GROUP_ADJS = [
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "National",
    "Popular",
    "Revolutionary",
    "United",
    "Islamic",
    "Democratic",
    "Patriotic",
    "Independent",
]
COALITION_NAMES = [
    "Northern Liberation Front",
    "Euphrates Shield Coalition",
    "Southern Operations Room",
    "Democratic Forces Alliance",
    "Levant Salvation Council",
    "Popular Mobilisation Committees",
    "Desert Tribes Alliance",
    "National Army Coalition",
]
PARTY_PATTERNS = [
    "{adj} {noun} Party",
    "Movement for {noun}",
    "{adj} Union of {noun}",
    "{place} Democratic Party",
]
PARTY_NOUNS = ["Democracy", "Reform", "Justice", "Renewal", "Unity", "Progress", "Dignity"]

PERSON_ROLES = [
    "a spokesman for {org}",
    "a commander of {org}",
    "a senior official in {org}",
    "an adviser to {org}",
    "a negotiator for {org}",
    "a field commander with {org}",
]
PERSON_DESCRIPTIONS = [
    "Spokesman for {org}.",
    "Commander in {org}.",
    "Senior official of {org}.",
    "Negotiator for {org}.",
    "Analyst quoted on {org}.",
]

PUBLISHERS = [
    ("The Levant Ledger", "levantledger.example"),
    ("Euphrates Daily", "euphratesdaily.example"),
    ("Gulf Correspondent", "gulfcorrespondent.example"),
    ("Anatolia Review", "anatoliareview.example"),
    ("Crossroads Defence Journal", "crossroadsdefence.example"),
    ("Mesopotamia Post", "mesopotamiapost.example"),
    ("Northern Front Monitor", "northernfront.example"),
    ("Red Sea Observer", "redseaobserver.example"),
    ("Conflict Notes Weekly", "conflictnotes.example"),
    ("Strategic Affairs Quarterly", "strategicaffairs.example"),
]

MONTHS = list(calendar.month_name)[1:]
SEASONS = {"winter": (12, 2), "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}
DIRECTIONS = [
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve"]

EVENT_PATTERNS = {
    "battle": ["Battle of {place}", "Battle for {place}", "Fighting in {place}"],
    "siege": ["Siege of {place}", "Encirclement of {place}"],
    "offensive": ["{place} offensive", "Offensive on {place}", "Operation {codename}"],
    "agreement": ["{place} agreement", "{place} evacuation deal", "{place} accord"],
    "ceasefire": ["{place} ceasefire", "Truce in {place}"],
    "deployment": ["Deployment to {place}", "{state} deployment in {place}"],
    "delivery": ["Aid convoy to {place}", "Arms delivery to {place}"],
    "political": ["Talks in {place}", "{place} conference", "{place} local elections"],
    "other": ["{place} dam crisis", "Mass displacement from {place}"],
}
CODENAMES = [
    "Olive Branch",
    "Northern Storm",
    "Desert Dawn",
    "Iron Wall",
    "Steel Shield",
    "Spring Rain",
    "Eagle Eye",
    "Black Flag",
    "Euphrates Wrath",
    "Tigris Thunder",
    "Free Dawn",
    "Cedar Wind",
]

# Evidence-status rationales; {org} and {publisher} are filled in.
RATIONALES = {
    "supported": [
        "Confirmed by {publisher} reporting and by satellite imagery of the area.",
        "Two independent local sources and {org} agree on the facts.",
        "Matches the figures later published by {org}.",
    ],
    "partly_supported": [
        "The location is confirmed; the figures are not.",
        "{org} confirms the event but gives a later date.",
        "Only the first half of the statement is borne out by {publisher}.",
    ],
    "unverified": [
        "No independent source found; only statements by {org}.",
        "Searched {publisher} archives and local media without result.",
    ],
    "disputed": [
        "{org} gives a figure three times higher; {publisher} a lower one.",
        "Local monitors and {org} contradict each other on who held the town.",
    ],
    "refuted": [
        "Satellite imagery from the same week shows no such damage.",
        "{org} documents show the unit was elsewhere at the time.",
        "{publisher} retracted the report this claim relies on.",
    ],
    "not_checkable": [
        "An opinion, not a statement of fact.",
        "A prediction; it can only be judged later.",
        "Too vague to check against any record.",
    ],
}

# Sentence templates: (claim kind, text, optional editor's paraphrase).
# Slots: {group} armed group or unit, {org} any organisation, {org2} another,
# {state} a state, {person} a person (rendered with a role the first time),
# {place} {place2} places, {country} a country, {event} the article's event,
# {date} a date phrase, {days} a number word, {direction}, {month}, {season},
# {year}, and quantities {q_troops} {q_fighters} {q_tanks} {q_vehicles}
# {q_km} {q_dead} {q_wounded} {q_displaced} {q_money} {q_aid} {q_strikes}
# {q_buildings} {q_population}.
SENTENCES = [
    (
        "factual",
        "Fighters from {group} entered {place} {date}, after {days} days of street fighting.",
        "{group} entered {place}",
    ),
    (
        "factual",
        "The road linking {place} and {place2} was reopened to civilian traffic {date}.",
        None,
    ),
    (
        "factual",
        "Aircraft from {state} struck positions held by {group} near {place}.",
        "{state} struck {group} near {place}",
    ),
    (
        "factual",
        "{group} withdrew from the outskirts of {place} under cover of darkness.",
        "{group} withdrew from {place}",
    ),
    ("factual", "Heavy shelling was reported in the eastern districts of {place} {date}.", None),
    ("quantitative", "A convoy carrying {q_aid} reached {place} {date}.", None),
    ("quantitative", "The town of {place} lies {q_km} {direction} of {place2}.", None),
    (
        "factual",
        "{group} took control of the bridge at {place}, cutting the main supply route to {place2}.",
        "{group} controls the {place} bridge",
    ),
    ("factual", "Negotiations between {org} and {org2} took place in {place} {date}.", None),
    (
        "quantitative",
        "{state} deployed {q_troops} to the area around {place}.",
        "{state} sent troops to {place}",
    ),
    ("factual", "{group} announced a curfew in {place} {date}.", None),
    (
        "attribution",
        "Local residents said {group} had set up checkpoints on every road leaving {place}.",
        None,
    ),
    (
        "quantitative",
        "{q_dead} were killed and {q_wounded} wounded in the attack on {place}, medics said.",
        "Casualties in the attack on {place}",
    ),
    (
        "quantitative",
        "The offensive on {place} involved {q_troops}, {q_tanks} and {q_vehicles}.",
        None,
    ),
    (
        "quantitative",
        "{q_displaced} have fled {place} since the fighting began.",
        "Displacement from {place}",
    ),
    (
        "quantitative",
        "{org} said it had carried out {q_strikes} in the countryside of {place} in the past week.",
        None,
    ),
    ("prediction", "The reconstruction of {place} is expected to cost {q_money}.", None),
    ("quantitative", "{q_fighters} from {group} remain inside {place}.", None),
    ("quantitative", "{state} pledged {q_money} in humanitarian aid for {country}.", None),
    ("quantitative", "The front line now runs {q_km} {direction} of {place}.", None),
    (
        "attribution",
        "{person} said {event} had achieved all of its objectives.",
        "{event}: {org} claims success",
    ),
    ("attribution", "According to {org}, {group} lost {q_fighters} during {event}.", None),
    (
        "attribution",
        "{person} told reporters in {place} that talks with {org2} would resume {date}.",
        None,
    ),
    ("attribution", "“We will not leave {place},” said {person}.", None),
    (
        "attribution",
        "{org} denied that its forces had ever been present in {place}.",
        "{org} denies presence in {place}",
    ),
    ("attribution", "{person} accused {org2} of violating the ceasefire near {place}.", None),
    ("opinion", "{person} argued that {event} was a strategic mistake for {org2}.", None),
    ("opinion", "Observers in {place} described the agreement as fragile at best.", None),
    (
        "opinion",
        "The decision to abandon {place} was, in the author's view, a turning point of the war.",
        None,
    ),
    ("opinion", "{person} called the strikes on {place} a disproportionate response.", None),
    (
        "prediction",
        "{org} is expected to launch a new offensive toward {place} before the {season}.",
        None,
    ),
    ("prediction", "Analysts predict that {group} will try to retake {place} within weeks.", None),
    (
        "prediction",
        "If the siege of {place} continues, food supplies could run out by {month}.",
        None,
    ),
    (
        "prediction",
        "{person} warned that {q_displaced} could be displaced if fighting reaches {place}.",
        None,
    ),
    ("quantitative", "{place} had a population of {q_population} before the war.", None),
    ("factual", "{event} began {date} and soon drew in several regional powers.", None),
    ("factual", "{place}, a market town on the road to {place2}, was largely deserted.", None),
    (
        "quantitative",
        "Satellite images published {date} show damage to {q_buildings} in {place}.",
        None,
    ),
    ("factual", "{group} is part of {coalition}, a coalition formed in {year}.", None),
    ("factual", "{event} ended {date}, according to {org}.", None),
    ("factual", "{state} closed its border crossing near {place} {date}.", None),
    ("factual", "Water supplies to {place} were cut when the pumping station was hit.", None),
]

# Sentences that carry no claim of their own: context and transitions.
FILLERS = [
    "The situation remains fluid.",
    "It is not the first time the area has changed hands.",
    "Both sides have traded accusations since then.",
    "Earlier reports had put the number of casualties far higher.",
    "{person} did not respond to a request for comment.",
    "The details could not be independently verified.",
    "Communications in the area have been cut for days.",
    "Residents describe long queues for bread and fuel.",
    "{place} has changed hands several times since 2012.",
    "The move surprised many observers.",
]

HEADINGS = [
    "The battle for {place}",
    "Aid and access",
    "What comes next",
    "Background",
    "Reactions in {place}",
    "A fragile truce",
    "The view from {place}",
    "Who holds the ground",
]

TITLES = [
    "{group} advances on {place} as talks stall",
    "Inside {event}",
    "Who controls {place}?",
    "{state} and the struggle for {place}",
    "The siege of {place}: a chronology",
    "Evidence of a deal over {place}?",
    "Thousands displaced as fighting spreads near {place}",
    "What {event} means for {country}",
    "A week on the front line at {place}",
    "Behind the ceasefire in {place}",
]

QUANTITY_UNITS = {
    # slot: (singular unit, plural wording, low, high)
    "q_troops": ("troops", "troops", 150, 12000),
    "q_fighters": ("fighters", "fighters", 40, 6000),
    "q_tanks": ("tanks", "tanks", 5, 120),
    "q_vehicles": ("armoured vehicles", "armoured vehicles", 5, 200),
    "q_km": ("km", "km", 2, 180),
    "q_dead": ("people killed", "people", 3, 400),
    "q_wounded": ("wounded", "others", 5, 900),
    "q_displaced": ("people displaced", "people", 500, 250000),
    "q_aid": ("tonnes of aid", "tonnes of food and medicine", 10, 900),
    "q_strikes": ("airstrikes", "airstrikes", 4, 300),
    "q_buildings": ("buildings", "buildings", 12, 3000),
    "q_population": ("inhabitants", "people", 4000, 900000),
}
