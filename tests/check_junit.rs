//! The JUnit output parses back as XML with one test case per answer and a
//! failure exactly for the answers below their threshold.

mod common;

use common::{check_fixture, stdout};
use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Debug, Default)]
struct Case {
    name: String,
    failed: bool,
}

fn parse_cases(xml: &str) -> Vec<Case> {
    let mut reader = Reader::from_str(xml);
    let mut cases: Vec<Case> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                let name = e
                    .try_get_attribute("name")
                    .unwrap()
                    .expect("a test case has a name")
                    .unescape_value()
                    .unwrap()
                    .to_string();
                cases.push(Case {
                    name,
                    failed: false,
                });
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"failure" => {
                cases.last_mut().expect("failure inside a test case").failed = true;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    cases
}

#[test]
fn junit_has_one_case_per_answer_and_fails_those_below_threshold() {
    let xml = stdout(&check_fixture("junit"));
    let cases = parse_cases(&xml);
    let json: serde_json::Value = serde_json::from_str(&stdout(&check_fixture("json"))).unwrap();
    let reports = json["reports"].as_array().unwrap();
    assert_eq!(cases.len(), reports.len());
    for (case, report) in cases.iter().zip(reports) {
        assert_eq!(case.name, report["source"].as_str().unwrap());
        assert_eq!(case.failed, report["passed"] == false, "{}", case.name);
    }
    assert!(cases.iter().any(|c| c.failed) && cases.iter().any(|c| !c.failed));
}
