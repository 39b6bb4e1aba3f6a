//! The date grammar: any text parses or is refused, never panics; what parses prints as text
//! that parses back the same, and resolves against any today without panicking.

#![no_main]

use chrono::NaiveDate;
use closeout::domain::date::{DATE_FORMS, DateSpec, DueSpec};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<DateSpec>() {
        Ok(spec) => {
            let again: DateSpec = spec
                .to_string()
                .parse()
                .unwrap_or_else(|e| panic!("{spec:?} prints as {spec}, which does not parse: {e}"));
            assert_eq!(again, spec);
            for today in [
                NaiveDate::MIN,
                NaiveDate::MAX,
                NaiveDate::from_ymd_opt(2026, 1, 31).expect("a day"),
            ] {
                let _ = spec.resolve(today);
            }
        }
        Err(e) => assert!(e.to_string().contains(DATE_FORMS)),
    }
    let _ = text.parse::<DueSpec>();
});
