"""Venue-year parsing and the built-in venue vocabulary."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tablelint.errors import InputError
from tablelint.schema.venues import (
    AREAS,
    KINDS,
    Problem,
    Venue,
    VenueVocabulary,
    builtin_venues_path,
    load_venues,
    parse_venue_year,
    spelling_key,
    venue_from_mapping,
    venue_year_value,
)

YEAR = 2026  # the "current year" of every test, so that none depends on the clock


def parse(text: str, **kwargs):
    kwargs.setdefault("current_year", YEAR)
    return parse_venue_year(text, **kwargs)


def raw_entries() -> list[dict]:
    with open(builtin_venues_path(), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["venues"]


# --- the examples ----------------------------------------------------


@pytest.mark.parametrize(
    "text", ["arxiv2022", "arxiv 2022", "Arxiv2022", "ArXiv2022", "arXiv2022", "ARXIV 2022"]
)
def test_every_spelling_of_arxiv_becomes_arxiv_2022(text):
    verdict = parse(text)
    assert verdict.problems == (Problem.NON_CANONICAL,)
    assert verdict.fix == "arXiv 2022"
    assert verdict.venue is not None and verdict.venue.name == "arXiv"
    assert verdict.year == 2022
    assert "write 'arXiv 2022'" in verdict.message


def test_nips_becomes_neurips():
    verdict = parse("Nips2021")
    assert verdict.fix == "NeurIPS 2021"
    assert verdict.venue.kind == "conference"


@pytest.mark.parametrize(
    "text",
    ["EMNLP2021 findings", "EMNLP 2021 Findings", "EMNLP 2021 (Findings)", "EMNLP Findings 2021",
     "findings of emnlp 2021", "Findings of the EMNLP 2021"],
)
def test_emnlp_findings_becomes_findings_of_emnlp(text):
    verdict = parse(text)
    assert verdict.fix == "Findings of EMNLP 2021"
    assert verdict.venue.name == "Findings of EMNLP"


@pytest.mark.parametrize(
    "text", ["Findings of the Association for Computational Linguistics: EMNLP 2021", "Findings of ACL: EMNLP 2021"]
)
def test_the_official_findings_titles_are_valid_as_written(text):
    verdict = parse(text)
    assert verdict.ok and verdict.venue.name == "Findings of EMNLP"
    assert verdict.canonical == "Findings of EMNLP 2021"


def test_findings_of_emnlp_is_canonical_and_distinct_from_the_main_conference():
    findings, main = parse("Findings of EMNLP 2021"), parse("EMNLP 2021")
    assert findings.ok and findings.is_canonical
    assert main.ok and main.venue is not findings.venue


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("arXiv2020", "arXiv 2020"),
        ("ICLR2015", "ICLR 2015"),
        ("NIPS 2012", "NeurIPS 2012"),
        ("NIPS2019", "NeurIPS 2019"),
        ("CVPR Workshop 2019", "CVPR Workshops 2019"),
        ("SP2017", "IEEE S&P 2017"),
        ("Oakland 2019", "IEEE S&P 2019"),
        ("ICLR2017 Workshop", "ICLR Workshops 2017"),
        ("Web Conference 2023", "WWW 2023"),
        ("usenix-atc 2020", "USENIX ATC 2020"),
        ("USENIXSecurity2025", "USENIX Security 2025"),
        ("Proceedings of IEEE 1998", "Proceedings of the IEEE 1998"),
        ("SysML 2019", "MLSys 2019"),
        ("IEEE Transactions on Neural Networks 2009", "IEEE TNNLS 2009"),
        ("arXiv preprint 2023", "arXiv 2023"),
        ("3DV2021", "3DV 2021"),
        ("2021 CVPR", "CVPR 2021"),
        ("NeurIPS-2021", "NeurIPS 2021"),
        ("arXiv  2022", "arXiv 2022"),
        ("arXiv\u00a02022", "arXiv 2022"),
        ("ＣＶＰＲ２０２１", "CVPR 2021"),
    ],
)
def test_known_venues_written_another_way_get_a_safe_canonical_fix(text, canonical):
    verdict = parse(text)
    assert verdict.problems == (Problem.NON_CANONICAL,)
    assert verdict.canonical == canonical
    assert verdict.fix == canonical
    assert not verdict.is_canonical


# --- accepted abbreviations -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("TPAMI 2023", "IEEE TPAMI 2023"),
        ("PAMI 2019", "IEEE TPAMI 2019"),
        ("TIP 2020", "IEEE TIP 2020"),
        ("TOG 2021", "ACM TOG 2021"),
        ("S&P 2022", "IEEE S&P 2022"),
        ("CGF 2024", "Computer Graphics Forum 2024"),
        ("NN 2022", "Neural Networks 2022"),
        ("PR 2022", "Pattern Recognition 2022"),
        ("TheWebConf 2023", "WWW 2023"),
        ("SIGKDD 2014", "KDD 2014"),
        ("CVPRW 2019", "CVPR Workshops 2019"),
        ("IEEE/CVF CVPR 2023", "CVPR 2023"),
        ("Proc. IEEE 1998", "Proceedings of the IEEE 1998"),
        ("IEEE Trans. Pattern Anal. Mach. Intell. 2020", "IEEE TPAMI 2020"),
        ("IEEE Transactions on Image Processing 2018", "IEEE TIP 2018"),
        ("CoRR 2019", "arXiv 2019"),
        # A title without its publisher, as lists write it.
        ("International Conference on Information and Knowledge Management 2019", "CIKM 2019"),
        ("计算机学报 2021", "计算机学报 2021"),
        ("Chinese Journal of Computers 2021", "计算机学报 2021"),
    ],
)
def test_standard_abbreviations_and_titles_are_valid_as_written(text, canonical):
    verdict = parse(text)
    assert verdict.ok, verdict.message
    assert verdict.fix is None
    assert verdict.canonical == canonical  # what extract reports
    assert verdict.value["venue"] == canonical.rsplit(" ", 1)[0]


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("TPAMI2021", "TPAMI 2021"),
        ("tpami 2021", "TPAMI 2021"),
        ("Tpami'21", "TPAMI 2021"),
        ("CVPRW2019", "CVPRW 2019"),
        ("IEEE TRANSACTIONS ON NEURAL NETWORKS AND LEARNING SYSTEMS 2014",
         "IEEE Transactions on Neural Networks and Learning Systems 2014"),
        ("博士论文2011年", "博士论文 2011"),
        ("微软研究院2023", "微软研究院 2023"),
    ],
)
def test_an_accepted_spelling_written_another_way_keeps_the_authors_abbreviation(text, fixed):
    verdict = parse(text)
    assert verdict.problems == (Problem.NON_CANONICAL,)
    assert verdict.fix == fixed


@pytest.mark.parametrize(
    "text",
    ["ICLR 2014", "Proceedings of the IEEE 1998", "IEEE TVCG 2024", "Computer Graphics Forum 2022",
     "IEEE S&P 2024", "USENIX Security 2025", "arXiv 2026", "NeurIPS 2021", "Findings of ACL 2023",
     "SIGGRAPH Asia 2022", "The VLDB Journal 2020", "CVPR Workshops 2019"],
)
def test_canonical_text_has_no_problems(text):
    verdict = parse(text)
    assert verdict.ok and verdict.is_canonical
    assert verdict.fix is None
    assert verdict.message == ""
    assert verdict.canonical == text


def test_surrounding_whitespace_is_padding_not_a_problem():
    verdict = parse("  arXiv 2022\t ")
    assert verdict.ok and verdict.text == "arXiv 2022"


# --- unknown venues -----------------------------------------------------------


def test_unknown_venue_is_reported_without_fix_or_suggestion():
    verdict = parse("facebook research 2023")
    assert verdict.problems == (Problem.UNKNOWN_VENUE,)
    assert verdict.venue is None and verdict.fix is None and verdict.canonical is None
    assert verdict.suggestions == ()
    assert verdict.year == 2023
    assert "unknown venue 'facebook research'" in verdict.message
    assert verdict.value == {"venue": "facebook research", "year": 2023}


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("IJCA2019", "IJCAI"), ("IEEE Acess2020", "IEEE Access"), ("IEEEAcess 2020", "IEEE Access"),
     ("NeurlPS 2020", "NeurIPS"), ("Interspeach 2021", "Interspeech")],
)
def test_a_near_typo_is_unknown_with_a_suggestion_but_no_fix(text, suggestion):
    verdict = parse(text)
    assert Problem.UNKNOWN_VENUE in verdict.problems
    assert verdict.suggestions[0] == suggestion
    assert verdict.fix is None
    assert f"did you mean '{suggestion}'" in verdict.message


def test_three_letters_are_too_few_to_suggest_anything():
    # ACM is a publisher: ACL (a changed letter), ACML (one more at the end) and CACM are not typos of it.
    assert parse("ACM 2020").suggestions == ()
    assert parse("AAA 2020").suggestions == ()
    assert parse("IJCA 2020").suggestions == ("IJCAI",)


def _tiny(*names: str) -> VenueVocabulary:
    return VenueVocabulary([Venue(name) for name in names], "test")


def test_an_acronym_near_several_venues_gets_no_suggestion():
    # ICML, ICME or ICMR: a guess among three is not likely right.
    assert parse("ICM 2020").suggestions == ()
    verdict = parse("ICMR 2020", venues=_tiny("ICML", "ICMRA", "ICMRE"))
    assert verdict.suggestions == ()
    assert "did you mean" not in verdict.message
    assert parse("ICMR 2020", venues=_tiny("ICMRA", "COLT")).suggestions == ("ICMRA",)


@pytest.mark.parametrize(
    ("query", "known"),
    [
        ("COLM", ("COLT",)),  # Conference on Language Modeling is not a typo of COLT
        ("ICSE", ("ICME", "ICDE")),
        ("CHI", ("CHIL",)),  # a letter added at the end: CHI is real, not CHIL misspelt
        ("MIDL", ("MICCAI", "MID")),
        ("ICMLA", ("ICML",)),  # a real conference, ICML plus a letter
        ("ASE", ("ACE", "ASPE")),
        ("FSE", ("FAST", "FE")),
        ("colm", ("COLT",)),  # lower case is no licence to change a letter
    ],
)
def test_an_unknown_acronym_gets_no_suggestion_for_merely_sharing_letters(query, known):
    vocabulary = _tiny(*known)
    verdict = parse(f"{query} 2024", venues=vocabulary)
    assert verdict.problems == (Problem.UNKNOWN_VENUE,)
    assert verdict.suggestions == ()
    assert "did you mean" not in verdict.message


@pytest.mark.parametrize(
    ("query", "expected"),
    [("ICLM", "ICML"), ("IJCA", "IJCAI"), ("NACL", "NAACL"), ("CPVR", "CVPR"), ("AAAAI", "AAAI")],
)
def test_an_acronym_with_letters_swapped_or_one_dropped_is_suggested(query, expected):
    vocabulary = _tiny("ICML", "IJCAI", "NAACL", "CVPR", "AAAI")
    assert parse(f"{query} 2024", venues=vocabulary).suggestions == (expected,)


def test_a_longer_name_is_suggested_only_one_edit_away_with_as_many_words():
    vocabulary = VenueVocabulary([Venue("Facebook AI Research"), Venue("IEEE Access"), Venue("Neurocomputing"),
                                  Venue("Interspeech")], "test")
    assert parse("facebook research 2023", venues=vocabulary).suggestions == ()  # a word missing is not a typo
    assert parse("IEEE Acess 2020", venues=vocabulary).suggestions == ("IEEE Access",)
    assert parse("Neurocomputting 2020", venues=vocabulary).suggestions == ("Neurocomputing",)
    assert parse("Neurocomp 2020", venues=vocabulary).suggestions == ()  # five letters short
    assert parse("Interspeach 2020", venues=vocabulary).suggestions == ("Interspeech",)
    assert parse("Nuerocomputting 2020", venues=vocabulary).suggestions == ("Neurocomputing",)  # two in 15
    assert parse("Intrspeach 2020", venues=vocabulary).suggestions == ()  # two in ten is too many


@pytest.mark.parametrize("text", ["COLM 2024", "ICSE 2024", "CHI 2023", "MIDL 2022", "PLDI 2021", "UIST 2023",
                                  "DAC 2022", "ICCAD 2021", "FSE 2023", "ASE 2022", "ISSTA 2020", "POPL 2024",
                                  "OOPSLA 2023", "中文信息学报 2020", "计算机学报 2019", "IJCV 2021", "JMLR 2020",
                                  "TMLR 2023", "TACL 2022", "Nature 2021", "Science 2020", "MobiSys 2022",
                                  "IEEE TCAD 2021", "Medical Image Analysis 2023", "Interspeech 2019",
                                  "SIGGRAPH 2022", "CoRL 2023", "PVLDB 2021", "ESANN 2014", "Cognitive Science 1990",
                                  "AdKDD 2017", "中国科学 2020"])
def test_the_vocabulary_knows_the_venues_lists_cite_beyond_ml(text):
    verdict = parse(text)
    assert verdict.ok, verdict.message
    assert verdict.canonical == text


def test_suggestions_require_the_same_digits():
    vocabulary = load_venues([{"name": "Web3Conf"}], origin="test")
    assert parse("Web3Conff 2022", venues=vocabulary).suggestions == ("Web3Conf",)
    assert parse("Web4Conf 2022", venues=vocabulary).suggestions == ()


# --- years --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [("ArXiv", "arXiv"), ("CIKM", "CIKM"), ("cikm", "CIKM")])
def test_a_known_venue_without_year(text, name):
    verdict = parse(text)
    assert verdict.problems == (Problem.MISSING_YEAR,)
    assert verdict.venue.name == name
    assert verdict.fix is None and verdict.canonical is None
    assert f"'{name} <year>'" in verdict.message
    assert verdict.value == {"venue": name, "year": None}


def test_an_unknown_venue_without_year_has_both_problems():
    verdict = parse("Some Workshop")
    assert verdict.problems == (Problem.UNKNOWN_VENUE, Problem.MISSING_YEAR)


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("ICML'23", "ICML 2023"),
        ("NeurIPS'24", "NeurIPS 2024"),
        ("NeurIPS ’21", "NeurIPS 2021"),
        ("KDD '23", "KDD 2023"),
        ("AAAI-23", "AAAI 2023"),
        ("AAAI19", "AAAI 2019"),
        ("CVPR 98", "CVPR 1998"),
        ("NIPS'98", "NeurIPS 1998"),
        ("NIPS'87", "NeurIPS 1987"),
        ("ICLR'00", "ICLR 2000"),
        ("arXiv'25", "arXiv 2025"),
        ("TPAMI'21", "TPAMI 2021"),  # after a journal, the apostrophe makes it a year
        ("Nat. Commun.'24", "Nat. Commun. 2024"),
    ],
)
def test_a_two_digit_year_after_a_known_venue_gets_the_four_digit_fix(text, fixed):
    verdict = parse(text)
    assert verdict.problems == (Problem.NON_CANONICAL,)
    assert verdict.fix == fixed
    assert verdict.year == int(fixed[-4:])


@pytest.mark.parametrize(
    ("text", "hint"),
    [("ICLR 20155", None), ("ICLR 202", None), ("CVPR 0999", None), ("CVPR 5", None),
     # neither 20YY (after next year) nor 19YY (before 1980): a typo more likely than 1945 or 2045
     ("ICLR'45", None), ("CVPR 79", None),
     # after a journal without an apostrophe, two digits may be a volume
     ("TPAMI 21", "'TPAMI 2021'?"), ("JMLR-21", "'JMLR 2021'?"), ("TPAMI 44", None)],
)
def test_a_year_must_have_four_digits(text, hint):
    verdict = parse(text)
    assert verdict.problems == (Problem.BAD_YEAR,)
    assert verdict.year is None and verdict.fix is None
    assert "must have four digits" in verdict.message
    if hint:
        assert hint in verdict.message
        assert "volume" in verdict.message
        assert verdict.unsafe_fix == hint[1:-2]
    else:
        assert "?" not in verdict.message
        assert verdict.unsafe_fix is None


def test_two_digit_years_read_against_the_current_year_not_the_clock():
    assert parse("CVPR 30", current_year=2031).fix == "CVPR 2030"
    assert parse("CVPR 30", current_year=2030).fix == "CVPR 2030"
    # Next year: a future year, no fix; beyond it (and before '80): no reading at all.
    assert parse("CVPR'30", current_year=2029).problems == (Problem.FUTURE_YEAR, Problem.NON_CANONICAL)
    assert parse("CVPR'30", current_year=2028).problems == (Problem.BAD_YEAR,)
    assert parse("CVPR'27", current_year=2026).fix is None


def test_a_two_digit_year_with_an_unknown_venue_is_read_but_not_fixed():
    verdict = parse("FooConf'23")
    assert verdict.problems == (Problem.UNKNOWN_VENUE, Problem.BAD_YEAR)
    assert verdict.year == 2023
    assert verdict.fix is None and verdict.unsafe_fix is None
    assert "'FooConf 2023'" in verdict.message


def test_two_digits_before_the_venue_are_not_a_year():
    verdict = parse("23 ICML")
    assert verdict.problems == (Problem.BAD_YEAR,) and verdict.fix is None


def test_a_year_in_chinese_loses_its_nian():
    assert parse("ICLR 2023年").fix == "ICLR 2023"
    assert parse("计算机学报2019年").fix == "计算机学报 2019"


def test_a_future_year_is_a_problem_relative_to_the_given_current_year():
    assert parse("arXiv 2027", current_year=2026).problems == (Problem.FUTURE_YEAR,)
    assert parse("arXiv 2027", current_year=2027).ok
    verdict = parse("arXiv 2031", current_year=2026)
    assert verdict.year == 2031 and verdict.is_canonical and verdict.fix is None
    assert "2031 is in the future" in verdict.message


def test_respelling_is_not_offered_when_the_year_stays_wrong():
    verdict = parse("arxiv2031", current_year=2026)
    assert verdict.problems == (Problem.FUTURE_YEAR, Problem.NON_CANONICAL)
    assert verdict.fix is None
    assert verdict.canonical == "arXiv 2031"


def test_current_year_defaults_to_today():
    from datetime import date

    assert parse_venue_year(f"arXiv {date.today().year}").ok
    assert parse_venue_year(f"arXiv {date.today().year + 1}").problems == (Problem.FUTURE_YEAR,)


# --- what is not a venue-year -------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_text(text):
    verdict = parse(text)
    assert verdict.problems == (Problem.EMPTY,)
    assert verdict.value is None and verdict.fix is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[arXiv](https://arxiv.org/abs/2201.08239) 2022", "link"),
        ("https://arxiv.org 2022", "link"),
        ("arXiv 2022<br/>some notes", "HTML or a line break"),
        ("**arXiv 2022**", "Markdown formatting"),
        ("`arXiv 2022`", "Markdown formatting"),
        ("arXiv:2203.02155", "more than one number"),
        ("arXiv:2203", "identifier"),
        ("NeurIPS 2020 2021", "more than one number"),
        ("ICLR 2023 (with code)", "'(with code)' after the year"),
        ("NeurIPS 2022 Great", "'Great' after the year"),
        ("2022", "a year but no venue"),
        ("12", "it has no venue"),
        ("Spotlight", "'Spotlight' is an annotation; the venue and year are missing"),
        ("arXiv 2022、ICLR 2023", "characters"),
        ("CVPR/ICCV 2021", "several sources"),
        ("PubMed / Lancet Digital Health", "several sources"),
        ("谷歌的论文：<br/>1 模型", "HTML or a line break"),
    ],
)
def test_text_that_is_not_a_venue_year_is_not_guessed_at(text, reason):
    verdict = parse(text)
    assert verdict.problems == (Problem.NOT_VENUE_YEAR,)
    assert verdict.message.startswith("not a venue-year")
    assert reason in verdict.message
    assert verdict.venue is None and verdict.fix is None and verdict.value is None


# --- annotations and second sources ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "notes"),
    [
        ("ICLR 2024 (Oral)", ["Oral"]),
        ("CVPR 2023 Highlight", ["Highlight"]),
        ("NeurIPS 2023 Spotlight", ["Spotlight"]),
        ("EMNLP 2023 Industry Track", ["Industry Track"]),
        ("EMNLP 2023, Industry Track", ["Industry Track"]),
        ("ACL 2023 - Long Paper", ["Long Paper"]),
        ("ICML 2022 [Oral]", ["Oral"]),
        ("ICLR 2024 (Spotlight, Top 5%)", ["Spotlight", "Top 5%"]),
        ("ICLR 2023 notable-top-25%", ["notable-top-25%"]),
        ("CVPR 2022 Best Paper Award", ["Best Paper Award"]),
        ("ICLR 2024<br>Oral", ["Oral"]),
        ("ICLR 2024（口头报告）", ["口头报告"]),
        ("arXiv 2023 (Under review)", ["Under review"]),
    ],
)
def test_a_venue_year_with_an_annotation_is_valid(text, notes):
    verdict = parse(text)
    assert verdict.ok, verdict.message
    assert verdict.value["notes"] == notes
    assert verdict.venue is not None and verdict.year is not None


def test_an_annotated_venue_year_is_fixed_and_the_annotation_kept():
    assert parse("ICLR2024 (Oral)").fix == "ICLR 2024 (Oral)"
    assert parse("NeurIPS'23 Spotlight").fix == "NeurIPS 2023 Spotlight"
    verdict = parse("TPAMI 2023 (Oral)")
    assert verdict.ok and verdict.canonical == "IEEE TPAMI 2023 (Oral)"


@pytest.mark.parametrize(
    ("text", "also"),
    [
        ("arXiv 2023 (NeurIPS 2023)", [{"venue": "NeurIPS", "year": 2023}]),
        ("NeurIPS 2023 (arXiv 2022)", [{"venue": "arXiv", "year": 2022}]),
        ("arXiv 2022<br/>NeurIPS 2022", [{"venue": "NeurIPS", "year": 2022}]),
        ("arXiv 2023 (ICLR 2024 Oral)", [{"venue": "ICLR", "year": 2024}]),
    ],
)
def test_a_second_venue_year_in_brackets_or_after_a_line_break_is_valid(text, also):
    verdict = parse(text)
    assert verdict.ok, verdict.message
    assert verdict.value["also"] == also


def test_each_venue_year_of_a_cell_is_checked_and_fixed():
    verdict = parse("arxiv 2023 (NIPS'23)")
    assert verdict.problems == (Problem.NON_CANONICAL,)
    assert verdict.fix == "arXiv 2023 (NeurIPS 2023)"
    future = parse("arXiv 2023 (NeurIPS 2031)")
    assert future.problems == (Problem.FUTURE_YEAR,) and future.fix is None
    assert "in 'NeurIPS 2031': year 2031 is in the future" in future.message
    unknown = parse("arXiv 2023 (FooConf 2023)")
    assert unknown.problems == (Problem.UNKNOWN_VENUE,)


def test_a_cell_of_endless_annotations_or_brackets_is_not_a_source():
    for text in ["ICLR 2024" + " Oral" * 2000, "ICLR 2024" + " (arXiv 2023)" * 2000, "ICLR 2024" + " Oral" * 9]:
        assert parse(text).problems == (Problem.NOT_VENUE_YEAR,)  # and no RecursionError
    assert parse("ICLR 2024" + " Oral" * 8).ok


@pytest.mark.parametrize("text", ["Under review", "In submission", "在投", "Preprint"])
def test_a_status_alone_is_valid(text):
    verdict = parse(text)
    assert verdict.ok
    assert verdict.value == {"venue": None, "year": None, "notes": [text]}


# --- organisations and kinds of document -----------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [("OpenAI 2023", "organization"), ("Google DeepMind 2024", "organization"), ("Anthropic 2022", "organization"),
     ("Meta 2023", "organization"), ("Apple 2024", "organization"), ("DeepMind 2021", "organization"),
     ("Technical Report 2019", "other"), ("PhD Thesis 2011", "other"), ("Blog 2023", "other")],
)
def test_an_organisation_or_a_kind_of_document_with_a_year_is_a_valid_source(text, kind):
    verdict = parse(text)
    assert verdict.ok
    assert verdict.venue.kind == kind


def test_an_organisation_without_a_year_misses_its_year():
    verdict = parse("OpenAI")
    assert verdict.problems == (Problem.MISSING_YEAR,)
    assert "'OpenAI <year>'" in verdict.message


# --- a year in another column ------------------------------------------------------


def test_with_a_year_column_a_venue_alone_is_complete():
    assert parse("NeurIPS", year_elsewhere=True).ok
    assert parse("TPAMI", year_elsewhere=True).ok
    assert parse("Findings of EMNLP", year_elsewhere=True).ok
    respelled = parse("Nips", year_elsewhere=True)
    assert respelled.problems == (Problem.NON_CANONICAL,) and respelled.fix == "NeurIPS"
    assert parse("FooConf", year_elsewhere=True).problems == (Problem.UNKNOWN_VENUE,)
    assert parse("NeurIPS 2021", year_elsewhere=True).ok  # a year here too does no harm
    assert parse("NeurIPS").problems == (Problem.MISSING_YEAR,)


def test_a_slash_inside_one_name_is_not_a_list():
    assert parse("IEEE/ACM TASLP 2021").ok
    assert parse("Foo/Bar 2021").problems == (Problem.UNKNOWN_VENUE,)


def test_a_venue_in_another_script_is_read_as_a_venue():
    vocabulary = load_venues([{"name": "计算机学报", "kind": "journal"}], origin="test")
    assert parse("计算机学报 2021", venues=vocabulary).ok
    assert parse("计算机学报2021", venues=vocabulary).fix == "计算机学报 2021"


# --- typed value ----------------------------------------------------------------


def test_typed_value():
    assert venue_year_value("arxiv2022", current_year=YEAR) == {"venue": "arXiv", "year": 2022}
    assert venue_year_value("NeurIPS 2021", current_year=YEAR) == {"venue": "NeurIPS", "year": 2021}
    assert venue_year_value("CVPR 98", current_year=YEAR) == {"venue": "CVPR", "year": 1998}
    assert venue_year_value("TPAMI 21", current_year=YEAR) == {"venue": "IEEE TPAMI", "year": None}
    assert venue_year_value("ICLR 2024 (Oral)", current_year=YEAR) == {"venue": "ICLR", "year": 2024,
                                                                        "notes": ["Oral"]}
    assert venue_year_value("", current_year=YEAR) is None
    assert venue_year_value("[arXiv](https://x.org) 2022", current_year=YEAR) is None


# --- the vocabulary -------------------------------------------------------------

REQUIRED = {
    # spelling in a list -> canonical name
    "arXiv": "arXiv", "bioRxiv": "bioRxiv", "NeurIPS": "NeurIPS", "NIPS": "NeurIPS", "ICML": "ICML",
    "ICLR": "ICLR", "AAAI": "AAAI", "IJCAI": "IJCAI", "UAI": "UAI", "AISTATS": "AISTATS", "COLT": "COLT",
    "CoRL": "CoRL", "MLSys": "MLSys", "TMLR": "TMLR", "JMLR": "JMLR", "ACL": "ACL", "EMNLP": "EMNLP",
    "NAACL": "NAACL", "EACL": "EACL", "AACL": "AACL", "COLING": "COLING", "CoNLL": "CoNLL", "TACL": "TACL",
    "Findings": "Findings", "CVPR": "CVPR", "ICCV": "ICCV", "ECCV": "ECCV", "WACV": "WACV", "BMVC": "BMVC",
    "3DV": "3DV", "TPAMI": "IEEE TPAMI", "IJCV": "IJCV", "TIP": "IEEE TIP", "PR": "Pattern Recognition",
    "SIGGRAPH": "SIGGRAPH", "SIGGRAPH Asia": "SIGGRAPH Asia", "TOG": "ACM TOG", "TVCG": "IEEE TVCG",
    "Computer Graphics Forum": "Computer Graphics Forum", "MICCAI": "MICCAI", "SIGIR": "SIGIR", "WWW": "WWW",
    "TheWebConf": "WWW", "KDD": "KDD", "WSDM": "WSDM", "CIKM": "CIKM", "RecSys": "RecSys", "ECIR": "ECIR",
    "TOIS": "ACM TOIS", "TKDE": "IEEE TKDE", "SIGMOD": "SIGMOD", "VLDB": "VLDB", "PVLDB": "PVLDB",
    "The VLDB Journal": "The VLDB Journal", "ICDE": "ICDE", "OSDI": "OSDI", "SOSP": "SOSP", "NSDI": "NSDI",
    "USENIX ATC": "USENIX ATC", "EuroSys": "EuroSys", "ASPLOS": "ASPLOS", "ISCA": "ISCA", "MICRO": "MICRO",
    "IEEE S&P": "IEEE S&P", "Oakland": "IEEE S&P", "SP": "IEEE S&P", "USENIX Security": "USENIX Security",
    "CCS": "CCS", "NDSS": "NDSS", "ICRA": "ICRA", "IROS": "IROS", "RSS": "RSS", "ICASSP": "ICASSP",
    "Interspeech": "Interspeech", "Nature": "Nature", "Science": "Science", "PNAS": "PNAS",
    "Proceedings of the IEEE": "Proceedings of the IEEE", "IEEE Access": "IEEE Access",
    "Neural Networks": "Neural Networks", "NN": "Neural Networks", "CVPRW": "CVPR Workshops",
    # beyond ML: HCI, PL, SE, EDA, medical imaging, language modelling, Chinese journals
    "CHI": "CHI", "UIST": "UIST", "PLDI": "PLDI", "POPL": "POPL", "OOPSLA": "OOPSLA", "FSE": "FSE",
    "ESEC/FSE": "FSE", "ASE": "ASE", "ISSTA": "ISSTA", "ICSE": "ICSE", "DAC": "DAC", "ICCAD": "ICCAD",
    "MIDL": "MIDL", "COLM": "COLM", "中文信息学报": "中文信息学报", "计算机学报": "计算机学报",
    "软件学报": "软件学报", "OpenAI": "OpenAI", "微软研究院": "Microsoft Research",
}


@pytest.mark.parametrize(("spelling", "name"), sorted(REQUIRED.items()))
def test_the_vocabulary_covers_the_major_venues(spelling, name):
    venue = load_venues().lookup(spelling)
    assert venue is not None, spelling
    assert venue.name == name


def test_every_entry_is_complete_and_valid():
    entries = raw_entries()
    assert len(entries) >= 400
    for entry in entries:
        assert set(entry) <= {"name", "title", "aliases", "variants", "kind", "area"}, entry
        assert entry["kind"] in KINDS, entry
        assert entry["area"] in AREAS, entry
    # The workshops of a conference are "<conference> Workshops"; others (SemEval, HotOS) stand alone.
    conferences = {entry["name"] for entry in entries if entry["kind"] == "conference"}
    for entry in entries:
        if entry["kind"] == "workshop" and entry["name"].split()[0] in conferences:
            assert entry["name"] == entry["name"].split()[0] + " Workshops", entry["name"]


def test_every_spelling_in_the_yaml_maps_to_its_own_entry():
    vocabulary = load_venues()
    for entry in raw_entries():
        accepted = [entry["name"], *([entry["title"]] if "title" in entry else []), *entry.get("aliases", [])]
        for spelling in [*accepted, *entry.get("variants", [])]:
            assert vocabulary.lookup(spelling).name == entry["name"], spelling
            assert vocabulary.lookup(spelling.upper()).name == entry["name"], spelling
            # Joined to the year, as lists write them ("arxiv2022"), or spaced.
            for text in (f"{spelling}2020", f"{spelling} 2020"):
                verdict = parse(text)
                assert verdict.venue is not None and verdict.venue.name == entry["name"], text
                assert verdict.canonical == f"{entry['name']} 2020"
            # An accepted spelling is valid as written; a variant becomes the name.
            expected = spelling if spelling in accepted else entry["name"]
            assert parse(f"{spelling}2020").replacement == f"{expected} 2020", spelling
            assert parse(f"{spelling} 2020").ok == (spelling in accepted), spelling


def test_no_two_entries_claim_the_same_spelling():
    owners: dict[str, str] = {}
    for entry in raw_entries():
        spellings = [entry["name"], entry.get("title"), *entry.get("aliases", []), *entry.get("variants", [])]
        keys = {spelling_key(s) for s in spellings if s}
        keys |= {key.replace(" ", "") for key in keys}
        for key in keys:
            assert owners.setdefault(key, entry["name"]) == entry["name"], (key, owners[key], entry["name"])


def test_canonical_names_are_unique_and_already_canonical():
    names = [entry["name"] for entry in raw_entries()]
    assert len(names) == len(set(names))
    for name in names:
        assert parse(f"{name} 2020").is_canonical, name


def test_the_builtin_vocabulary_is_loaded_once():
    assert load_venues() is load_venues()
    assert load_venues([]) is load_venues()


# --- schema entries -------------------------------------------------------------


def test_an_extra_entry_adds_a_venue():
    extra = [{"name": "ICSPS", "aliases": ["Intl. Conf. Signal Processing Systems"], "variants": ["ICSP Sys"]}]
    vocabulary = load_venues(extra, origin="s.yaml")
    assert parse("ICSPS 2022", venues=vocabulary).ok
    assert parse("Intl. Conf. Signal Processing Systems 2022", venues=vocabulary).ok
    assert parse("icsps2022", venues=vocabulary).fix == "ICSPS 2022"
    assert parse("ICSP Sys 2022", venues=vocabulary).fix == "ICSPS 2022"
    assert parse("ICSPS 2022").problems == (Problem.UNKNOWN_VENUE,)  # the built-in stays as it was


def test_an_extra_entry_named_like_a_known_venue_redefines_its_canonical_spelling():
    vocabulary = load_venues([{"name": "TVCG", "aliases": ["Trans. Vis. Comput. Graph."]}], origin="s.yaml")
    assert parse("TVCG 2024", venues=vocabulary).ok
    assert parse("Trans. Vis. Comput. Graph. 2024", venues=vocabulary).ok  # the schema's own alias
    # The built-in spellings become variants: the schema chose its form.
    assert parse("IEEE TVCG 2024", venues=vocabulary).fix == "TVCG 2024"
    assert parse("IEEE Trans. Vis. Comput. Graph. 2024", venues=vocabulary).fix == "TVCG 2024"
    venue = vocabulary.lookup("TVCG")
    assert venue.kind == "journal" and venue.area == "graphics"  # kept from the built-in entry
    assert len(vocabulary.venues) == len(load_venues().venues)
    assert parse("IEEE TVCG 2024").ok


def test_an_extra_alias_that_names_another_venue_is_an_error():
    with pytest.raises(InputError, match=r"s\.yaml: venues\[0\].*'CVPR'.*already a spelling of 'CVPR'"):
        load_venues([{"name": "MyConf", "aliases": ["CVPR"]}], origin="s.yaml")


def test_extra_entries_are_cached_by_content():
    extra = [{"name": "ICSPS", "kind": "conference"}]
    assert load_venues(extra, origin="a") is load_venues([dict(extra[0])], origin="a")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "X", "kind": "conf"}, "'kind' must be 'conference', 'journal', 'preprint', 'workshop', "
                                        "'organization' or 'other', not 'conf'; did you mean 'conference'?"),
        ({"name": "X", "area": "vision"}, "'area' must be 'ai', "),
        ({"name": "X", "alias": ["Y"]}, "unknown key 'alias'; did you mean 'aliases'?"),
        ({"aliases": ["Y"]}, "'name' is missing"),
        ({"name": "X", "aliases": "Y"}, "'aliases' must be an array, not a string"),
        ({"name": "X", "variants": [3]}, "'variants.0' must be a string, not an integer"),
        ({"name": "Web 3"}, "ends in a digit"),
        ({"name": "X", "aliases": ["2020"]}, "has no letters"),
        ("X", "must be a mapping"),
    ],
)
def test_a_bad_schema_entry_is_a_one_line_error_naming_where(entry, message):
    with pytest.raises(InputError) as caught:
        load_venues([entry], origin="papers.yaml")
    text = str(caught.value)
    assert text.startswith("papers.yaml: venues[0]")
    assert message in text
    assert "\n" not in text


def test_builtin_entries_must_have_kind_and_area():
    with pytest.raises(InputError, match=r"venues\.yaml: venues\[3\] \(X\): 'kind' is missing"):
        venue_from_mapping({"name": "X"}, "venues.yaml: venues[3]", complete=True)


def test_a_vocabulary_rejects_two_venues_sharing_a_spelling_even_without_spaces():
    with pytest.raises(InputError, match="already a spelling"):
        VenueVocabulary([Venue("AB C"), Venue("A BC")], "test")


# --- properties -----------------------------------------------------------------

def _case_variants(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, text.lower(), text.upper(), text.title()])


@st.composite
def written_sources(draw):
    """A known venue in any of its spellings and casings, joined to a year the
    ways lists write it, with a valid year."""
    venue = draw(st.sampled_from(load_venues().venues))
    spelling = draw(_case_variants(draw(st.sampled_from(venue.spellings))))
    year = draw(st.integers(1900, YEAR))
    separator = draw(st.sampled_from(["", " ", "  ", "-", "\u00a0"]))
    padding = draw(st.sampled_from(["", " ", "  "]))
    return venue, year, f"{padding}{spelling}{separator}{year}{padding}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(written_sources())
def test_fixing_is_idempotent_and_lands_on_an_accepted_spelling(case):
    venue, year, text = case
    verdict = parse(text)
    assert verdict.venue == venue
    assert verdict.year == year
    assert verdict.canonical == f"{venue.name} {year}"
    fixed = verdict.fix or verdict.text
    again = parse(fixed)
    assert again.ok and again.fix is None
    assert again.canonical == verdict.canonical
    assert fixed.rsplit(" ", 1)[0] in venue.accepted or again.is_canonical


@st.composite
def annotated_sources(draw):
    """A written source, then maybe an annotation (bare, after a comma or in
    brackets) and maybe a second source in brackets or after a line break."""
    venue, year, text = draw(written_sources())
    vocabulary = load_venues()
    annotation = draw(st.none() | st.sampled_from(vocabulary.annotations))
    if annotation is not None:
        text = text.rstrip() + draw(st.sampled_from([" {}", ", {}", " ({})", " - {}"])).format(annotation)
    second = draw(st.none() | written_sources())
    if second is not None:
        text += draw(st.sampled_from([" ({})", "<br>{}", "<br/>{}"])).format(second[2].strip())
    return venue, year, annotation, second, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(annotated_sources())
def test_an_annotated_cell_with_a_second_source_is_read_and_fixed_part_by_part(case):
    venue, year, annotation, second, text = case
    verdict = parse(text)
    assert verdict.venue == venue and verdict.year == year, verdict.message
    if annotation is not None:
        assert verdict.notes == (annotation,)
    if second is not None:
        assert verdict.also == ({"venue": second[0].name, "year": second[1]},)
    fixed = verdict.fix or verdict.text
    again = parse(fixed)
    assert again.ok and again.fix is None, again.message
    assert again.notes == verdict.notes and again.also == verdict.also


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gets_a_verdict_whose_message_matches_its_problems(text):
    verdict = parse(text)
    assert bool(verdict.message) == bool(verdict.problems)
    assert "\n" not in verdict.message
    if verdict.fix is not None:
        assert parse(verdict.fix).ok
    if verdict.unsafe_fix is not None:
        assert verdict.fix is None and parse(verdict.unsafe_fix).ok


# --- import cost ------------------------------------------------------------------


@pytest.mark.slow
def test_parsing_known_venues_imports_neither_yaml_after_the_first_run_nor_rapidfuzz(tmp_path):
    script = (
        "import sys\n"
        "import tablelint.schema.venues as v\n"
        "assert 'yaml' not in sys.modules and 'rapidfuzz' not in sys.modules\n"
        "assert v.parse_venue_year('arxiv2022', current_year=2026).fix == 'arXiv 2022'\n"
        "print('yaml' in sys.modules, 'rapidfuzz' in sys.modules)\n"
    )
    env = {**os.environ, "TABLELINT_CACHE_DIR": str(tmp_path)}
    command = [sys.executable, "-c", script]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["True", "False"]  # the first run parses the YAML
    assert second.stdout.split() == ["False", "False"]  # later runs read the cached parse


def test_a_bad_venue_file_is_one_line_naming_the_file_and_key(tmp_path, monkeypatch):
    import tablelint.schema.venues as venues_module

    bad = tmp_path / "venues.yaml"
    bad.write_text("venues:\n  - name: ICML\n    kind: conference\n    area: ml\n  - name: X\n    kind: conference\n"
                   "annotations: [Oral]\n", encoding="utf-8")
    monkeypatch.setattr(venues_module, "builtin_venues_path", lambda: bad)
    venues_module._builtin.cache_clear()
    try:
        with pytest.raises(InputError) as caught:
            venues_module._builtin()
        assert str(caught.value).startswith(f"{bad}: 'venues.1.area' is missing")
        bad.write_text("venues: []\nstatuss: [Under review]\n", encoding="utf-8")
        with pytest.raises(InputError, match=r"unknown key 'statuss'; did you mean 'statuses'\?"):
            venues_module._builtin()
    finally:
        venues_module._builtin.cache_clear()


def test_a_right_single_quote_is_an_apostrophe():
    assert spelling_key("Findings’ ACL") == spelling_key("Findings' ACL") == "findings acl"
    assert parse("NeurIPS’ 2021").value == parse("NeurIPS' 2021").value
