//! Escaping text: one loop for the three sets of replacements factbook writes (HTML, XML, and
//! JSON that is safe to paste into HTML).

/// A set of replacements of ASCII bytes, looked up by byte: escaping is in the path of almost
/// every piece of text a site writes.
pub struct Escapes {
    /// For each byte, 1 + the index of its replacement in `with`, or 0 to keep it.
    index: [u8; 256],
    with: &'static [(u8, &'static str)],
}

impl Escapes {
    /// Replacements of the bytes `with` names. They must be ASCII, so that every cut falls
    /// between characters.
    pub const fn new(with: &'static [(u8, &'static str)]) -> Escapes {
        let mut index = [0; 256];
        let mut i = 0;
        while i < with.len() {
            assert!(with[i].0.is_ascii(), "only ASCII bytes can be replaced");
            index[with[i].0 as usize] = i as u8 + 1;
            i += 1;
        }
        Escapes { index, with }
    }
}

/// Appends `text` to `out` with each byte `escapes` names replaced, copying the runs between
/// them whole (most text has nothing to escape).
pub fn escape_into(out: &mut String, text: &str, escapes: &Escapes) {
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let k = escapes.index[usize::from(b)];
        if k != 0 {
            out.push_str(&text[start..i]);
            out.push_str(escapes.with[usize::from(k) - 1].1);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
}

/// Appends `text` to `xml`, escaped for XML text and attribute values (the sitemap, the feed).
pub fn xml_into(xml: &mut String, text: &str) {
    static XML: Escapes = Escapes::new(&[
        (b'&', "&amp;"),
        (b'<', "&lt;"),
        (b'>', "&gt;"),
        (b'"', "&quot;"),
        (b'\'', "&apos;"),
    ]);
    escape_into(xml, text, &XML);
}

#[cfg(test)]
mod tests {
    use super::{Escapes, escape_into};

    #[test]
    fn named_bytes_are_replaced_and_the_rest_kept() {
        static AMP: Escapes = Escapes::new(&[(b'&', "&amp;"), (b'<', "&lt;")]);
        let mut out = String::from("x");
        escape_into(&mut out, "a&b—&<", &AMP);
        escape_into(&mut out, "", &AMP);
        escape_into(&mut out, "plain", &AMP);
        assert_eq!(out, "xa&amp;b—&amp;&lt;plain");
    }
}
