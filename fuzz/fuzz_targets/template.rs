//! The template loader: any text given as a template file must be read or refused with problems
//! that point inside the file, never panic; a template it accepts gives a checklist for any
//! provider and channel. Also the provider found in a case title.

#![no_main]

use closeout::domain::model::Channel;
use closeout::domain::template::{parse, provider_in_title};
use closeout::i18n::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(found) = provider_in_title(text, ["Proximus", "Telenet", "Orange"]) {
        // A found provider is named in the title, whatever surrounds it.
        assert!(text.to_lowercase().contains(&found.to_lowercase()));
    }
    match parse(text) {
        Err(problems) => {
            assert!(!problems.is_empty(), "refused without a reason");
            let lines = text.lines().count().max(1);
            for p in &problems {
                assert!(p.line >= 1 && p.line <= lines + 1, "line {} of {lines}", p.line);
                assert!(p.column >= 1);
                assert!(!p.message.is_empty());
            }
        }
        Ok(template) => {
            for lang in [Lang::En, Lang::Zh] {
                for channel in [None, Some(Channel::Online), Some(Channel::Shop)] {
                    let steps = template.steps(Some("Proximus"), channel, lang);
                    for (i, step) in steps.iter().enumerate() {
                        assert!(
                            steps[..i].iter().all(|s| s.key != step.key),
                            "{} twice",
                            step.key
                        );
                    }
                }
            }
        }
    }
});
