//! The checklist templates. They are Rust code, not files, so there is no template file loader
//! to fuzz; what takes outside text is the lookup by name, the operator found in a case title,
//! and the checklist built for any provider name and channel.

#![no_main]

use closeout::domain::model::Channel;
use closeout::domain::template::{Operator, Template};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Template::by_name(text);
    let _ = Operator::by_name(text);
    if let Some(op) = Operator::in_title(text) {
        // A found operator is named in the title, whatever surrounds it.
        assert!(text.to_lowercase().contains(&op.name().to_lowercase()));
    }
    for template in Template::ALL {
        for channel in [
            None,
            Some(Channel::Online),
            Some(Channel::Phone),
            Some(Channel::Shop),
        ] {
            let steps = template.steps(Some(text), channel);
            assert!(!steps.is_empty());
            for (i, step) in steps.iter().enumerate() {
                assert!(!step.how.trim().is_empty(), "{} has no how-to", step.key);
                assert!(
                    steps[..i].iter().all(|s| s.key != step.key),
                    "{} twice",
                    step.key
                );
            }
        }
    }
});
