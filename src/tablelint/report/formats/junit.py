"""JUnit XML, which CI systems (GitLab, Jenkins, Azure, CircleCI) show as
test results: a test suite per file, a failing test case per problem, and
one passing case for a file without any."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..style import terminal_text

if TYPE_CHECKING:
    from ...engine.results import FileReport
    from .. import RenderOptions


def _xml_text(text: str) -> str:
    # XML 1.0 cannot hold most control characters nor a lone surrogate (the
    # byte of a file name that is not UTF-8): written as escapes, as a terminal gets them.
    return terminal_text(text)


def render(reports: list[FileReport], options: RenderOptions) -> Iterator[str]:
    from xml.etree import ElementTree

    root = ElementTree.Element("testsuites", name="tablelint")
    total_tests = total_failures = total_errors = 0
    for report in reports:
        path = _xml_text(report.path)
        suite = ElementTree.SubElement(root, "testsuite", name=path)
        failures = errors = 0
        if report.error:
            case = ElementTree.SubElement(suite, "testcase", name="read", classname=path, file=path)
            ElementTree.SubElement(case, "error", message=_xml_text(report.error)).text = _xml_text(report.error)
            errors += 1
        for d in report.diagnostics:
            location = f"{d.path}:{d.line}:{d.column}"
            case = ElementTree.SubElement(
                suite, "testcase", name=_xml_text(f"{d.code} {d.name} at {location}"), classname=path,
                file=path, line=str(d.line),
            )
            kind = _xml_text(f"{d.code} {d.name} ({d.severity.value})")
            failure = ElementTree.SubElement(case, "failure", message=_xml_text(d.message), type=kind)
            failure.text = _xml_text(f"{location}: {d.code} {d.name}: {d.message}")
            failures += 1
        if not report.error and not report.diagnostics:
            ElementTree.SubElement(suite, "testcase", name="tablelint", classname=path, file=path)
        tests = len(suite)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        total_tests += tests
        total_failures += failures
        total_errors += errors
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    ElementTree.indent(root)
    yield ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
