//! Escaping text: one loop for the three sets of replacements factbook writes (HTML, XML, and
//! JSON that is safe to paste into HTML).

/// Appends `text` to `out` with each byte `replace` names replaced, copying the runs between
/// them whole (most text has nothing to escape). `replace` must name only ASCII bytes, so that
/// every cut falls between characters.
pub fn escape_into(out: &mut String, text: &str, replace: impl Fn(u8) -> Option<&'static str>) {
    let mut rest = text;
    while let Some((i, with)) = rest
        .bytes()
        .enumerate()
        .find_map(|(i, b)| Some((i, replace(b)?)))
    {
        out.push_str(&rest[..i]);
        out.push_str(with);
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::escape_into;

    #[test]
    fn named_bytes_are_replaced_and_the_rest_kept() {
        let replace = |b| (b == b'&').then_some("&amp;");
        let mut out = String::from("x");
        escape_into(&mut out, "a&b—&", replace);
        escape_into(&mut out, "", replace);
        escape_into(&mut out, "plain", replace);
        assert_eq!(out, "xa&amp;b—&amp;plain");
    }
}
