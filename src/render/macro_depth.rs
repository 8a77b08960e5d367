//! A limit on template macros that call themselves. Tera follows macro calls on the thread's
//! stack with no limit of its own, so a macro that calls itself without end would overflow the
//! stack and abort the process, the dev server with it. Every macro's body therefore starts
//! with a call to [`FUNCTION`], which fails once the stack runs low: the render fails with an
//! error naming the macro, and a macro that recurses over finite data (a tree) works as before.

use std::collections::HashMap;

use tera::Tera;
use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};

/// The function every macro's body calls first. Not meant for templates to call.
pub const FUNCTION: &str = "__factbook_macro_depth";

/// The stack a macro call must leave for the rest of the render. Tera uses about 4 KB of stack
/// per level of macro call (15 KB in a debug build): on a thread of the usual 2 MiB a macro
/// may call itself about 400 levels deep (about 100 in a debug build).
const RESERVE: usize = 256 * 1024;

/// Makes every macro of `tera` start with the depth check, and registers it.
pub fn install(tera: &mut Tera) {
    tera.register_function(FUNCTION, check);
    for template in tera.templates.values_mut() {
        let file = template.name.clone();
        for (name, definition) in &mut template.macros {
            let text = |s: &str| Expr::new(ExprVal::String(s.to_string()));
            let args = HashMap::from([
                ("name".to_string(), text(name)),
                ("template".to_string(), text(&file)),
            ]);
            let call = FunctionCall {
                name: FUNCTION.to_string(),
                args,
            };
            let node = Node::VariableBlock(WS::default(), Expr::new(ExprVal::FunctionCall(call)));
            definition.body.insert(0, node);
        }
    }
}

/// Nothing, or an error naming the macro (as [`called_itself`] reads it) when the stack is low.
fn check(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    if stacker::remaining_stack().is_some_and(|left| left < RESERVE) {
        let arg = |key: &str| args.get(key).and_then(tera::Value::as_str).unwrap_or("?");
        return Err(tera::Error::msg(format!(
            "macro `{}` of `{}` calls itself without end",
            arg("name"),
            arg("template")
        )));
    }
    Ok(tera::Value::String(String::new()))
}

/// The macro and template a depth error names: `(template, macro)`.
pub fn called_itself(message: &str) -> Option<(String, String)> {
    let mut parts = message.strip_prefix("macro `")?.split('`');
    let name = parts.next()?;
    let template = parts.nth(1)?;
    let rest = parts.next()?;
    (rest == " calls itself without end").then(|| (template.to_string(), name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(macros: &str, call: &str) -> Result<String, tera::Error> {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            ("m.html", macros),
            (
                "page.html",
                &format!("{{% import \"m.html\" as m %}}{call}"),
            ),
        ])?;
        install(&mut tera);
        tera.render("page.html", &tera::Context::new())
    }

    #[test]
    fn a_macro_calling_itself_without_end_is_an_error_naming_it() {
        let forever = "{% macro forever(n) %}{{ self::forever(n=n+1) }}{% endmacro forever %}";
        // Rendered on a thread of the usual 2 MiB, as the build's workers are.
        let result = std::thread::spawn(move || render(forever, "{{ m::forever(n=1) }}"))
            .join()
            .expect("the render does not overflow the stack");
        let error = result.expect_err("endless recursion fails");
        let mut innermost = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            innermost = cause.to_string();
            source = cause.source();
        }
        assert_eq!(
            called_itself(&innermost),
            Some(("m.html".to_string(), "forever".to_string()))
        );
    }

    #[test]
    fn a_macro_that_recurses_and_stops_renders_as_written() {
        let countdown = "{% macro down(n) %}{{ n }}{% if n > 0 %} {{ self::down(n=n-1) }}{% endif %}{% endmacro down %}";
        let html = std::thread::spawn(move || render(countdown, "[{{ m::down(n=20) }}]"))
            .join()
            .unwrap();
        assert_eq!(
            html.unwrap(),
            "[20 19 18 17 16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0]"
        );
    }
}
