//! Turning what the user typed for CASE and STEP into exactly one case or step, or a helpful refusal.

use super::model::Step;

/// A case as the resolver sees it: enough to match and to list candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRef {
    pub id: i64,
    pub title: String,
    pub provider: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseMatch {
    One(i64),
    None,
    Ambiguous(Vec<CaseRef>),
}

/// Matches a piece of a title or provider against cases, case-insensitively. A piece equal to a
/// whole title wins over pieces of longer titles, so "Orange" still finds the case titled
/// "Orange" beside "Orange internet".
pub fn match_case(piece: &str, cases: &[CaseRef]) -> CaseMatch {
    let needle = piece.trim().to_lowercase();
    if needle.is_empty() {
        return CaseMatch::None;
    }
    let whole: Vec<&CaseRef> = cases
        .iter()
        .filter(|c| c.title.to_lowercase() == needle)
        .collect();
    let found: Vec<&CaseRef> = if whole.is_empty() {
        cases
            .iter()
            .filter(|c| {
                c.title.to_lowercase().contains(&needle)
                    || c.provider
                        .as_deref()
                        .is_some_and(|p| p.to_lowercase().contains(&needle))
            })
            .collect()
    } else {
        whole
    };
    match found.as_slice() {
        [] => CaseMatch::None,
        [one] => CaseMatch::One(one.id),
        many => CaseMatch::Ambiguous(many.iter().map(|c| (*c).clone()).collect()),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepMatch {
    One(usize),
    None,
    Ambiguous(Vec<String>),
}

/// Finds a step by position (1..n), exact key, or unique key prefix (case-insensitive).
pub fn match_step(word: &str, steps: &[Step]) -> StepMatch {
    let w = word.trim().to_lowercase();
    if let Ok(pos) = w.parse::<i64>() {
        return steps
            .iter()
            .position(|s| s.position == pos)
            .map_or(StepMatch::None, StepMatch::One);
    }
    if w.is_empty() {
        return StepMatch::None;
    }
    if let Some(i) = steps.iter().position(|s| s.key.to_lowercase() == w) {
        return StepMatch::One(i);
    }
    let prefixed: Vec<usize> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.key.to_lowercase().starts_with(&w))
        .map(|(i, _)| i)
        .collect();
    match prefixed.as_slice() {
        [] => StepMatch::None,
        [one] => StepMatch::One(*one),
        many => StepMatch::Ambiguous(many.iter().map(|&i| steps[i].key.clone()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::StepStatus;

    fn case(id: i64, title: &str, provider: Option<&str>) -> CaseRef {
        CaseRef {
            id,
            title: title.into(),
            provider: provider.map(Into::into),
        }
    }

    fn step(position: i64, key: &str) -> Step {
        Step {
            id: position,
            uuid: String::new(),
            position,
            key: key.into(),
            title: key.into(),
            how: String::new(),
            status: StepStatus::Pending,
            due: None,
            rule: None,
            due_manual: false,
            done_at: None,
            note: None,
            abroad: false,
        }
    }

    #[test]
    fn pieces_of_titles_and_providers_match_in_any_case() {
        let cases = [
            case(1, "Proximus SIM", Some("Proximus")),
            case(2, "家里的网络", Some("Telenet")),
        ];
        assert_eq!(match_case("proximus", &cases), CaseMatch::One(1));
        assert_eq!(match_case("TELENET", &cases), CaseMatch::One(2));
        assert_eq!(match_case("网络", &cases), CaseMatch::One(2));
        assert_eq!(match_case("gym", &cases), CaseMatch::None);
        assert_eq!(match_case("  ", &cases), CaseMatch::None);
    }

    #[test]
    fn a_whole_title_wins_over_pieces() {
        let cases = [case(1, "Orange", None), case(2, "Orange internet", None)];
        assert_eq!(match_case("orange", &cases), CaseMatch::One(1));
        let ambiguous = [
            case(1, "Orange sim", None),
            case(2, "Orange internet", None),
        ];
        assert!(matches!(
            match_case("orange", &ambiguous),
            CaseMatch::Ambiguous(v) if v.len() == 2
        ));
    }

    #[test]
    fn steps_by_position_key_or_unique_prefix() {
        let steps = [step(1, "method"), step(2, "submit"), step(3, "summary")];
        assert_eq!(match_step("2", &steps), StepMatch::One(1));
        assert_eq!(match_step("method", &steps), StepMatch::One(0));
        assert_eq!(match_step("SUB", &steps), StepMatch::One(1));
        assert_eq!(match_step("m", &steps), StepMatch::One(0));
        assert_eq!(
            match_step("su", &steps),
            StepMatch::Ambiguous(vec!["submit".into(), "summary".into()])
        );
        assert_eq!(match_step("9", &steps), StepMatch::None);
        assert_eq!(match_step("x", &steps), StepMatch::None);
    }
}
