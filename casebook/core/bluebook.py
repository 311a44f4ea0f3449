"""Bluebook case-name rules: rule 10.2 party names shortened and abbreviated by table T6, ready for a citation.

`case_party(name)` turns one party as printed in a caption ("THE TRAVELERS INDEMNITY COMPANY",
"JANET T. MILLS, in her official capacity …", "COMMISSIONER OF INTERNAL REVENUE") into the form a brief cites
("Travelers Indem. Co.", "Mills", "Commissioner"). The rules, in the order they apply:

* only the first-named party counts: "et al.", further parties ("X and Y") and descriptions after a comma
  ("a corporation", "in her official capacity as …", "also known as …") are dropped (rule 10.2.1(a));
* "The" as the first word is dropped (10.2.1(d)); "United States of America" is "United States" (10.2.2);
  "State of X", "Commonwealth of X" and "People of the State of X" are "State", "Commonwealth", "People" as the
  courts of that state cite them (10.2.1(f)); "Commissioner of Internal Revenue" is "Commissioner" (10.2.1(h));
* an individual is cited by surname only (10.2.1(g)); compound surnames printed together elsewhere in the filing
  ("Zepeda Rivas") and particles ("van", "de", "St.") are kept;
* "Inc.", "Ltd.", "LLC" … are dropped when another word already shows a business firm ("Co.", "Corp.") (10.2.1(h));
* every word in table T6 is abbreviated ("Regional" → "Reg'l", "Company" → "Co."), except "United States";
* all-capitals captions are set in title case, keeping acronyms ("RLI", "IVC", "LLC", "U.S.").
"""

from __future__ import annotations

import re

# Table T6 (Bluebook, 21st ed.): common words in case names. Each key is a lower-case word; plurals add "s" to the
# abbreviation unless the table gives the plural itself (see `_plural`).
T6: dict[str, str] = {
    "academy": "Acad.", "administration": "Admin.", "administrative": "Admin.", "administrator": "Adm'r",
    "administratrix": "Adm'x", "advertising": "Advert.", "advocate": "Advoc.", "affair": "Aff.", "affairs": "Aff.",
    "agricultural": "Agric.", "agriculture": "Agric.", "alliance": "All.", "alternative": "Alt.",
    "amendment": "Amend.", "america": "Am.", "american": "Am.", "and": "&", "apartment": "Apt.",
    "appellate": "App.", "appellees": "Appellees", "assistant": "Ass't", "associate": "Assoc.",
    "association": "Ass'n", "attorney": "Att'y", "authority": "Auth.", "automobile": "Auto.", "automotive": "Auto.",
    "avenue": "Ave.", "bankruptcy": "Bankr.", "behavior": "Behav.", "behavioral": "Behav.", "board": "Bd.",
    "broadcast": "Broad.", "broadcasting": "Broad.", "brotherhood": "Bhd.", "brothers": "Bros.", "building": "Bldg.",
    "business": "Bus.", "businesses": "Bus.", "casualty": "Cas.", "center": "Ctr.", "centre": "Ctr.",
    "central": "Cent.", "chemical": "Chem.", "children": "Child.", "circuit": "Cir.", "civil": "Civ.",
    "coalition": "Coal.", "commerce": "Com.", "labor": "Lab.", "opportunity": "Opp.", "opportunities": "Opp.",
    "relation": "Rel.", "relations": "Rels.", "college": "Coll.", "commission": "Comm'n", "commissioner": "Comm'r",
    "committee": "Comm.", "communication": "Commc'n", "community": "Cmty.", "company": "Co.",
    "compensation": "Comp.", "condominium": "Condo.", "congress": "Cong.", "congressional": "Cong.",
    "consolidated": "Consol.", "construction": "Constr.", "continental": "Cont'l", "cooperative": "Coop.",
    "corporation": "Corp.", "correction": "Corr.", "correctional": "Corr.", "corrections": "Corr.",
    "county": "Cnty.", "defend": "Def.", "defender": "Def.", "defense": "Def.", "department": "Dep't",
    "detention": "Det.", "development": "Dev.", "director": "Dir.", "discount": "Disc.", "distributing": "Distrib.",
    "distributor": "Distrib.", "district": "Dist.", "division": "Div.", "east": "E.", "eastern": "E.",
    "economic": "Econ.", "economical": "Econ.", "economics": "Econ.", "economy": "Econ.", "education": "Educ.",
    "educational": "Educ.", "electric": "Elec.", "electrical": "Elec.", "electricity": "Elec.",
    "electronic": "Elec.", "employee": "Emp.", "employer": "Emp.", "employment": "Emp.", "engineer": "Eng'r",
    "engineering": "Eng'g", "enterprise": "Enter.", "entertainment": "Ent.", "environment": "Env't",
    "environmental": "Env't", "equality": "Equal.", "equipment": "Equip.", "examiner": "Exam'r",
    "exchange": "Exch.", "executor": "Ex'r", "executrix": "Ex'x", "export": "Exp.", "exportation": "Exp.",
    "exporter": "Exp.", "federal": "Fed.", "federation": "Fed'n", "fidelity": "Fid.", "finance": "Fin.",
    "financial": "Fin.", "financing": "Fin.", "foundation": "Found.", "general": "Gen.", "government": "Gov't",
    "group": "Grp.", "guaranty": "Guar.", "hospital": "Hosp.", "housing": "Hous.", "import": "Imp.",
    "importation": "Imp.", "importer": "Imp.", "incorporated": "Inc.", "indemnity": "Indem.",
    "independent": "Indep.", "industrial": "Indus.", "industries": "Indus.", "industry": "Indus.",
    "information": "Info.", "institute": "Inst.", "institution": "Inst.", "insurance": "Ins.",
    "international": "Int'l", "investment": "Inv.", "laboratory": "Lab.", "liability": "Liab.", "limited": "Ltd.",
    "litigation": "Litig.", "machine": "Mach.", "machinery": "Mach.", "maintenance": "Maint.",
    "management": "Mgmt.", "manufacturer": "Mfr.", "manufacturing": "Mfg.", "maritime": "Mar.", "market": "Mkt.",
    "marketing": "Mktg.", "mechanic": "Mech.", "mechanical": "Mech.", "medical": "Med.", "medicine": "Med.",
    "memorial": "Mem'l", "merchandise": "Merch.", "merchandising": "Merch.", "merchant": "Merch.",
    "metropolitan": "Metro.", "municipal": "Mun.", "mutual": "Mut.", "national": "Nat'l", "north": "N.",
    "northern": "N.", "northeast": "Ne.", "northeastern": "Ne.", "northwest": "Nw.", "northwestern": "Nw.",
    "number": "No.", "opinion": "Op.", "organization": "Org.", "organizing": "Org.", "organisation": "Org.",
    "pacific": "Pac.", "partnership": "P'ship", "personal": "Pers.", "personnel": "Pers.",
    "pharmaceutical": "Pharm.", "pharmaceutics": "Pharm.", "preservation": "Pres.", "preserve": "Pres.",
    "probation": "Prob.", "product": "Prod.", "production": "Prod.", "professional": "Pro.", "property": "Prop.",
    "protection": "Prot.", "public": "Pub.", "publication": "Publ'n", "publishing": "Publ'g", "railroad": "R.R.",
    "railway": "Ry.", "refining": "Ref.", "regional": "Reg'l", "rehabilitation": "Rehab.",
    "reproduction": "Reprod.", "reproductive": "Reprod.", "resource": "Res.", "resources": "Res.",
    "restaurant": "Rest.", "retirement": "Ret.", "road": "Rd.", "savings": "Sav.", "school": "Sch.",
    "schools": "Schs.", "science": "Sci.", "secretary": "Sec'y", "securities": "Sec.", "security": "Sec.",
    "service": "Serv.", "shareholder": "S'holder", "social": "Soc.", "society": "Soc'y", "south": "S.",
    "southern": "S.", "southeast": "Se.", "southeastern": "Se.", "southwest": "Sw.", "southwestern": "Sw.",
    "steamship": "S.S.", "steamships": "S.S.", "street": "St.", "subcommittee": "Subcomm.", "surety": "Sur.",
    "system": "Sys.", "systems": "Sys.", "technology": "Tech.", "telecommunication": "Telecomm.",
    "telegraph": "Tel.", "telephone": "Tel.", "temporary": "Temp.", "township": "Twp.",
    "transcontinental": "Transcon.", "transport": "Transp.", "transportation": "Transp.", "trustee": "Tr.",
    "turnpike": "Tpk.", "uniform": "Unif.", "university": "Univ.", "utility": "Util.", "utilities": "Utils.",
    "village": "Vill.", "west": "W.", "western": "W.",
}
# Entries whose plural is not "abbreviation + s" (the abbreviation already covers it, or ends in an apostrophe form).
_NO_PLURAL_S = frozenset({"&", "Sys.", "Indus.", "Bros.", "Sav.", "Sec.", "Res.", "Bus.", "S.S.", "Aff."})
# Direction words stay whole inside place names ("North Carolina"), which table T10 treats, not T6.
_PLACE_TAILS = frozenset({"carolina", "dakota", "virginia", "hampshire", "jersey", "mexico", "york", "america"})
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                         "northeast", "northwest", "southeast", "southwest"})

# Words that mark a business firm (rule 10.2.1(h)) and the firm designations dropped when one is present.
_FIRM_WORDS = frozenset({"co.", "corp.", "ass'n", "bros.", "r.r.", "company", "corporation", "association"})
_FIRM_DESIGNATIONS = re.compile(
    r",?\s+(?:Inc\.?|Incorporated|Ltd\.?|Limited|L\.?L\.?C\.?|N\.A\.|F\.S\.B\.|P\.?C\.|L\.?L\.?P\.?|L\.P\.|PLLC)$",
    re.IGNORECASE,
)
# Suffixes a party name runs on to after a comma ("Shimmick Construction Company, Inc.").
SUFFIX_WORDS = (
    r"Inc|Incorporated|Ltd|Limited|LLC|L\.L\.C|LLP|L\.L\.P|L\.P|LP|PLLC|P\.?C|P\.?A|N\.A|F\.S\.B|S\.A\.U|S\.A|"
    r"S\.?p\.?A|A\.?G|GmbH|B\.?V|N\.?V|PLC|Co|Corp|Corporation|Company|Jr|Sr|II|III|IV|Esq"
)
_SUFFIX_AFTER_COMMA = re.compile(rf"^\s*(?:{SUFFIX_WORDS})\b\.?", re.IGNORECASE)
_CANONICAL_SUFFIX = {
    "inc": "Inc.", "incorporated": "Inc.", "ltd": "Ltd.", "limited": "Ltd.", "llc": "LLC", "l.l.c": "L.L.C.",
    "llp": "LLP", "l.l.p": "L.L.P.", "l.p": "L.P.", "lp": "LP", "pllc": "PLLC", "corp": "Corp.", "co": "Co.",
    "n.a": "N.A.", "plc": "PLC", "jr": "Jr.", "sr": "Sr.", "esq": "Esq.",
}
_PERSON_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "esq", "md", "phd"})
_PARTICLES = frozenset({"van", "von", "de", "del", "della", "der", "den", "da", "di", "du", "la", "le", "st.", "st",
                        "ste.", "mac", "bin", "ibn", "al", "el", "dos", "das", "ten", "ter"})
# Words that show a party is an organisation, a government or an office rather than a person.
_ORGANISATION_WORDS = frozenset({
    "inc", "llc", "llp", "ltd", "lp", "pllc", "co", "corp", "company", "corporation", "incorporated", "limited",
    "bank", "fund", "group", "church", "chapel", "ministries", "city", "county", "state", "states", "united",
    "department", "board", "commission", "commissioner", "district", "university", "college", "school",
    "association", "trust", "partners", "partnership", "services", "service", "systems", "system", "holdings",
    "logistics", "operations", "republic", "kingdom", "government", "foundation", "society", "club", "committee",
    "council", "union", "authority", "agency", "office", "bureau", "insurance", "indemnity", "contracting",
    "construction", "capital", "international", "national", "american", "federal", "water", "energy",
    "management", "america", "secretary", "attorney", "people", "commonwealth", "town", "township", "village",
    "hospital", "center", "centre", "institute", "industries", "enterprises", "products", "technologies",
    "solutions", "airlines", "motors", "communications", "pharmaceuticals", "laboratories", "network", "media",
    "news", "bar", "court", "estate", "trustees", "trustee", "administrator", "executor", "guardian", "clinic",
    "medical", "health", "care", "healthcare", "mutual", "financial", "securities", "investments", "properties",
    "realty", "development", "s.a.u.", "s.a.", "ag", "gmbh", "plc", "n.a.", "usa", "litigation", "steel", "oil",
    "gas", "power", "electric", "railroad", "railway", "airport", "port", "police", "sheriff", "prison", "jail",
    "facility", "nation", "tribe", "band", "parish", "diocese", "museum", "library", "press",
})
_COMMON_SHORT_WORDS = frozenset({
    "the", "and", "of", "for", "new", "old", "bay", "sun", "one", "two", "six", "ten", "red", "big", "top", "air",
    "sea", "oil", "gas", "car", "law", "art", "bar", "box", "fox", "key", "oak", "pet", "tax", "tea", "way",
    "web", "win", "zoo", "ace", "all", "ark", "day", "eye", "fun", "gem", "hub", "ice", "ink", "jet", "joy",
    "lab", "map", "net", "pro", "saw", "sky", "spa", "toy", "van", "von", "del", "de", "la", "le", "al", "el",
    "dos", "da", "di", "du", "an", "a", "at", "by", "in", "on", "to", "or", "as", "et", "mr", "ms", "dr",
    "lee", "may", "ray", "roy", "guy", "kay", "ann", "sam", "tom", "bob", "jim", "joe", "ed",
    "inc", "co", "ltd", "jr", "sr", "esq", "los", "las", "san", "des", "mt", "ft", "pt", "st",
})
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "by", "to", "a", "an", "or", "de", "del",
                          "la", "van", "von", "der", "du", "da", "di", "ex", "rel.", "re", "v.", "vs.", "n"})
_KEEP_AS_PRINTED = frozenset({"LLC", "LLP", "PLLC", "L.L.C.", "L.P.", "LP", "U.S.", "N.A.", "USA", "PLC", "II",
                              "III", "IV", "S.A.U.", "S.A.", "AG", "GmbH"})
_ET_AL = re.compile(r",?\s*\bet\.?\s*al\b\.?,?", re.IGNORECASE)
_DESCRIPTION = re.compile(
    r"\s+(?:in\s+(?:his|her|their|its)\s+(?:official\s+|individual\s+)?capacit(?:y|ies)|individually\b|"
    r"also\s+known\s+as|a/k/a|aka\b|f/k/a|formerly\s+known|d/b/a|doing\s+business\s+as|as\s+(?:trustee|executor|"
    r"administrat|guardian|next\s+friend|personal\s+representative)|on\s+behalf\s+of|by\s+and\s+through)\b.*$",
    re.IGNORECASE,
)
_AND = re.compile(r"\s+(?:and|AND|And)\s+")


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def is_upper_text(text: str) -> bool:
    """True when the letters of `text` are (almost) all capitals, as in a caption set in capitals."""
    letters = _letters(text)
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)


def _looks_like_acronym(word: str) -> bool:
    bare = word.strip(".,;:'’()&")
    if not bare or any(ch.islower() for ch in bare):
        return False
    if bare in _KEEP_AS_PRINTED or word in _KEEP_AS_PRINTED or "." in bare:  # "U.S.", "N.A."
        return True
    if re.fullmatch(r"[IVX]{2,4}", bare):  # "II", "III", "IV"
        return True
    if any(ch.isdigit() for ch in bare):  # "K2", "3M"
        return True
    letters = _letters(bare)
    if len(letters) <= 3 and letters.lower() not in _COMMON_SHORT_WORDS:
        return True
    return not any(ch in "AEIOUY" for ch in letters)  # "NLRB", "FDIC"-like runs without vowels


def _title_word(word: str, first: bool) -> str:
    if _looks_like_acronym(word):
        return word
    lower = word.lower()
    if not first and lower in _SMALL_WORDS:
        return lower
    parts = re.split(r"([-'’/])", lower)
    return "".join(p if p in "-'’/" else p[:1].upper() + p[1:] for p in parts)


def title_case(text: str) -> str:
    """Title case for a name set in capitals, keeping acronyms: "RLI INSURANCE COMPANY" → "RLI Insurance Company"."""
    words = text.split()
    return " ".join(_title_word(w, i == 0) for i, w in enumerate(words))


def _plural(abbreviation: str) -> str:
    if abbreviation in _NO_PLURAL_S or not abbreviation.endswith("."):
        return abbreviation
    return abbreviation[:-1] + "s."


def abbreviate_word(word: str, following: str = "") -> str:
    """The T6 form of one word ("Regional" → "Reg'l", "Products" → "Prods."), or the word unchanged."""
    match = re.fullmatch(r"(?P<lead>[(\"“]?)(?P<core>[A-Za-z]+)(?P<trail>[.,;:)\"”]*)", word)
    if match is None:
        return word
    core, trail = match["core"], match["trail"].lstrip(".")
    lower = core.lower()
    if lower in _DIRECTIONS and following.lower().strip(".,") in _PLACE_TAILS:
        return word
    abbreviation = T6.get(lower)
    if abbreviation is None and lower.endswith("s") and lower[:-1] in T6:
        abbreviation = _plural(T6[lower[:-1]])
    if abbreviation is None:
        return word
    return match["lead"] + abbreviation + trail


def abbreviate_name(name: str) -> str:
    """Every T6 word of a case name abbreviated; "United States" inside a longer name is "U.S." (the United States
    as a party keeps its name, see `case_party`).
    """
    words = name.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word.lower() == "united" and i + 1 < len(words) and words[i + 1].lower().rstrip(",") == "states":
            whole = len(words) == 2 or words[i + 1].endswith(",")
            out.append(" ".join(words[i : i + 2]) if whole else "U.S.")
            i += 2
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        out.append(abbreviate_word(word, following))
        i += 1
    return " ".join(out)


def normalise_suffixes(name: str) -> str:
    """Firm designations in their usual form: "Bainbridge Fund LTD" → "Bainbridge Fund Ltd.", "Corp" → "Corp."."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        key = word.rstrip(".").lower()
        return _CANONICAL_SUFFIX.get(key, word)

    return re.sub(r"\b(?:Inc|Ltd|LLC|L\.L\.C|Corp|Co|Jr|Sr|Incorporated|Limited|LLP|PLLC)\b\.?", fix, name,
                  flags=re.IGNORECASE)


def first_party(group: str) -> str:
    """The first party of a caption group: "DAMMANN & CO., INC. and INTERNATIONAL …" → "DAMMANN & CO., INC.".

    Cut at the first comma that does not run on to a firm or name suffix, and before "and" or "et al.".
    """
    text = " ".join(group.split())
    text = re.sub(r",\s*\d{1,2}(?=\s|$)", ",", text)  # a footnote mark printed after the name ("BORDELON,1")
    text = _ET_AL.split(text, maxsplit=1)[0]
    cut = len(text)
    for match in re.finditer(r",", text):
        if not _SUFFIX_AFTER_COMMA.match(text[match.end() :]):
            cut = match.start()
            break
    text = text[:cut]
    text = _DESCRIPTION.sub("", text)
    parts = _AND.split(text)
    if len(parts) > 1:
        head = parts[0]
        # "Department of Health and Human Services" is one party; "K2 INC. and K-2 CORPORATION" are two.
        if " of " not in f" {head.lower()} " or _FIRM_DESIGNATIONS.search(head):
            text = head
    return text.strip(" ,;:")


def is_individual(name: str) -> bool:
    """True for a person's name ("JANET T. MILLS", "Leonardo Calderon-Fuentes"), not a firm, body or office."""
    words = name.replace(",", " ").split()
    if not 2 <= len(words) <= 5:
        return False
    # A middle initial ("John Q. Public") marks a person even when the surname is also a word of table T6.
    initial = len(words) >= 3 and any(re.fullmatch(r"[A-Z]\.", w) for w in words[1:-1])
    for word in words:
        bare = word.strip(".,").lower()
        if bare in _ORGANISATION_WORDS or bare in ("of", "&", "and", "for", "the") or (bare in T6 and not initial):
            return False
        if not re.fullmatch(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.\-]*", word.strip(",")) or re.fullmatch(r"(?:[A-Z]\.){2,}", word):
            return False  # digits, symbols or an acronym ("U.S.A."): not a person's name
    return True


def surname(name: str, context: str = "") -> str:
    """The surname of a person: "JANET T. MILLS" → "MILLS".

    "ANGEL ZEPEDA RIVAS" → "ZEPEDA RIVAS" when the filing writes "Zepeda Rivas" elsewhere (`context`); particles
    stay with the name ("Ludwig van Beethoven" → "van Beethoven").
    """
    words = [w.strip(",") for w in name.split()]
    while len(words) > 1 and words[-1].strip(".").lower() in _PERSON_SUFFIXES:
        words.pop()
    last = len(words) - 1
    start = last
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    if start == last and last >= 2 and len(words[last - 1].strip(".")) > 1 and context:
        # A double surname is written together without the given name elsewhere ("Zepeda Rivas v. Jennings").
        pair = rf"(?<![A-Za-z]){re.escape(words[last - 1])}\s+{re.escape(words[last])}(?![A-Za-z])"
        given = words[last - 2].lower()
        for match in re.finditer(pair, context, re.IGNORECASE):
            before = context[: match.start()].split()[-1:]
            if not before or before[0].lower() != given:
                start = last - 1
                break
    return " ".join(words[start:])


def _government(name: str, state_court: bool) -> str | None:
    """"United States", "Commissioner", and a state as its own courts ("State") or others ("Missouri") cite it."""
    lower = re.sub(r"^the\s+", "", " ".join(name.lower().replace(",", " ").split()))
    if lower in ("united states of america", "united states", "usa", "u.s.a."):
        return "United States"
    if lower.startswith(("commissioner of internal revenue", "commissioner of the internal revenue")):
        return "Commissioner"
    for lead in ("people of the state of ", "people of ", "state of ", "commonwealth of "):
        if lower.startswith(lead) and len(lower.split()) <= len(lead.split()) + 2:
            if state_court:
                return lead.split()[0].capitalize()
            return " ".join(w.capitalize() for w in lower[len(lead) :].split())
    return None


def _name_case(name: str) -> str:
    """A surname set in capitals in ordinary case: "DOE" → "Doe", "CALDERON-FUENTES" → "Calderon-Fuentes"."""
    parts = re.split(r"([-'’\s])", name.lower())
    return "".join(p if p in "-'’ " else p[:1].upper() + p[1:] for p in parts)


def case_party(name: str, context: str = "", *, state_court: bool = True) -> str:
    """One party as a Bluebook case name gives it: the first-named party, surname for a person, T6 abbreviations.

    `context` is other text of the filing, used only to recognise compound surnames written together;
    `state_court` is False in a federal court, where "State of Texas" is cited as "Texas", not "State".
    """
    text = first_party(name)
    if not text:
        return ""
    relator = re.split(r"\s+ex\s+rel\.?\s+", text, maxsplit=1, flags=re.IGNORECASE)
    if len(relator) == 2:  # "United States ex rel. Doe"
        on_behalf = case_party(relator[0], context, state_court=state_court)
        return f"{on_behalf} ex rel. {case_party(relator[1], context, state_court=state_court)}"
    government = _government(text, state_court)
    if government:
        return government
    upper = is_upper_text(text)
    if is_individual(text):
        last = surname(text, context)
        return _name_case(last) if upper else last
    if re.match(r"(?i)^the\s+\S", text):
        text = re.sub(r"(?i)^the\s+", "", text)
    if upper:
        text = title_case(text)
    text = normalise_suffixes(text)
    text = abbreviate_name(text)
    words = {w.lower().strip(",") for w in text.split()}
    if words & _FIRM_WORDS:
        text = _FIRM_DESIGNATIONS.sub("", text)
    text = re.sub(r"\s+,", ",", text).strip(" ,")
    return text


def in_re_name(subject: str, context: str = "") -> str:
    """The subject of an "In re" caption as cited: "FEDEX GROUND PACKAGE SYSTEM, INC. EMPLOYMENT PRACTICES LITIGATION"
    → "FedEx Ground Package Sys., Inc. Emp. Practices Litig."; a debtor or person by surname.
    """
    text = " ".join(subject.split()).strip(" ,;:")
    text = _ET_AL.split(text, maxsplit=1)[0].strip(" ,")
    person = first_party(text)
    if person and is_individual(person):
        last = surname(person, context)
        return _name_case(last) if is_upper_text(person) else last
    text = re.sub(r"(?i)^the\s+", "", text)
    if is_upper_text(text):
        text = title_case(text)
    text = normalise_suffixes(text)
    return abbreviate_name(text).strip(" ,")


def short_party(case_name: str) -> str | None:
    """The name a short-form cite uses for a case (rule 10.9): "Calvary Chapel of Bangor v. Mills" → "Calvary Chapel",
    "United States v. Martin" → "Martin", "Tarrant Reg'l Water Dist. v. Herrmann" → "Tarrant".
    """
    name = " ".join(case_name.split())
    if not name:
        return None
    if name.lower().startswith("in re "):
        subject = name[6:]
        return "In re " + _leading_words(subject)
    sides = re.split(r"\s+v\.?\s+", name, maxsplit=1)
    first = sides[0]
    if len(sides) > 1 and first in ("United States", "State", "People", "Commonwealth", "Commissioner"):
        first = sides[1]
    return _leading_words(first)


_GENERIC_LEADS = frozenset({"city", "county", "state", "town", "township", "village", "republic", "kingdom",
                            "commonwealth", "borough", "parish", "territory", "people", "board", "department"})


def _leading_words(party: str) -> str:
    """The distinctive leading words of a party: "Travelers Indem. Co." → "Travelers", "City of Hoboken" → "Hoboken"."""
    words = party.split()
    if len(words) >= 3 and words[0].lower() in _GENERIC_LEADS and words[1].lower() == "of":
        return " ".join(words[2:]).split(",")[0]
    kept: list[str] = []
    for word in words:
        bare = word.strip(",")
        if bare.lower() in ("of", "&", "and", "for", "the") or "'" in bare[1:] or bare.endswith("."):
            break
        kept.append(bare)
        if word.endswith(","):
            break
    return " ".join(kept) if kept else party.split(",")[0]


def case_name(first: str, second: str | None, context: str = "", *, state_court: bool = True) -> str:
    """"First v. Second" from the two caption groups, each reduced to its first party as rule 10 cites it."""
    left = case_party(first, context, state_court=state_court)
    right = case_party(second, context, state_court=state_court) if second else ""
    if left and right:
        return f"{left} v. {right}"
    return left or right
