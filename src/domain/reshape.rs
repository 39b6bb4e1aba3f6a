//! Reshaping a checklist: keys for the user's own steps, and where a moved step lands.

use super::template::valid_key;

/// The longest key made from a title; longer titles keep their first words.
const KEY_LEN: usize = 24;

/// A key for a new step made from its title: "move KBC 2FA" gives `move-kbc-2fa`. A title with no
/// Latin letters or digits (Chinese, say) gives `step7` for the 7th position. Either way a key the
/// case already has gets `-2`, `-3`… so that keys stay unique.
pub fn new_key(title: &str, position: i64, taken: &[&str]) -> String {
    let mut slug = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let add = if slug.is_empty() { 0 } else { 1 } + word.len();
        if !slug.is_empty() && slug.len() + add > KEY_LEN {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    slug.truncate(KEY_LEN);
    if !valid_key(&slug) {
        slug = format!("step{position}");
    }
    let free = |k: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(k));
    if free(&slug) {
        return slug;
    }
    (2..)
        .map(|n| format!("{slug}-{n}"))
        .find(|k| free(k))
        .unwrap_or(slug)
}

/// Where a step at `from` lands when moved to just after the step at `after` (`None`: to the
/// top), positions counted after it has left its place.
pub fn move_target(from: i64, after: Option<i64>) -> i64 {
    match after {
        None => 1,
        Some(a) if a < from => a + 1,
        Some(a) => a,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::words("move KBC 2FA", "move-kbc-2fa")]
    #[case::one("Netflix", "netflix")]
    #[case::punctuation("  Spotify (family)! ", "spotify-family")]
    #[case::mixed("注销 Netflix 会员", "netflix")]
    #[case::chinese("解绑银行", "step7")]
    #[case::digits("2026", "step7")]
    #[case::long(
        "Move every streaming subscription to the new number",
        "move-every-streaming"
    )]
    #[case::one_long_word("Supercalifragilisticexpialidocious", "supercalifragilisticexpi")]
    fn keys_come_from_titles(#[case] title: &str, #[case] key: &str) {
        assert_eq!(new_key(title, 7, &[]), key);
    }

    #[test]
    fn keys_stay_unique() {
        assert_eq!(new_key("Netflix", 7, &["netflix"]), "netflix-2");
        assert_eq!(
            new_key("Netflix", 7, &["NETFLIX", "netflix-2"]),
            "netflix-3"
        );
        assert_eq!(new_key("银行", 7, &["step7"]), "step7-2");
    }

    #[test]
    fn moves_land_after_the_named_step() {
        // 1 2 3 4 5: step 4 after step 1 goes to 2; step 2 after step 4 goes to 4.
        assert_eq!(move_target(4, Some(1)), 2);
        assert_eq!(move_target(2, Some(4)), 4);
        assert_eq!(move_target(3, None), 1);
        assert_eq!(move_target(3, Some(2)), 3);
    }
}
