//! jsonschema's validation errors as [`Diagnostic`]s a person can act on.
//!
//! In: one [`jsonschema::ValidationError`]. Out: one or more diagnostics
//! (no position yet). `oneOf` failures are narrowed to the branch the value
//! meant (by its `type` tag); a `oneOf` of constants and an `enum` list
//! every allowed value; `additionalProperties` gives one diagnostic per
//! unknown key, its pointer naming the key, so each can be located exactly;
//! offending values are shortened to [`VALUE_WIDTH`] characters.

use super::diagnostic::{Diagnostic, UNKNOWN_PROPERTY, VALUE_WIDTH, member_pointer, shorten};
use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;

/// One branch of a `oneOf`: the errors the value had against it.
type Branch = Vec<ValidationError<'static>>;

/// Append the diagnostics of `e` to `out`.
pub fn push(e: &ValidationError<'_>, out: &mut Vec<Diagnostic>) {
    let pointer = e.instance_path().as_str().to_string();
    let done = match e.kind() {
        ValidationErrorKind::OneOfNotValid { context } => one_of(e, &pointer, context, out),
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for key in unexpected {
                out.push(Diagnostic::new(
                    member_pointer(&pointer, key),
                    UNKNOWN_PROPERTY,
                    format!("unknown property \"{key}\" (not in the schema; a typo?)"),
                ));
            }
            true
        }
        ValidationErrorKind::Enum { options } => {
            // jsonschema elides all but two options; list them all (the
            // schema's enums are short: grades, scales, structure sources).
            let value = shorten(e.instance(), VALUE_WIDTH);
            let all: Vec<String> = options
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| shorten(o, VALUE_WIDTH))
                .collect();
            let message = format!("{value} is not one of {}", all.join(", "));
            out.push(Diagnostic::new(pointer.clone(), "enum", message).with_value(Some(value)));
            true
        }
        ValidationErrorKind::Required { .. } => {
            out.push(Diagnostic::new(
                pointer.clone(),
                "required",
                e.masked().to_string(),
            ));
            true
        }
        _ => false,
    };
    if !done {
        let value = shorten(e.instance(), VALUE_WIDTH);
        let message = e.masked_with(value.as_str()).to_string();
        out.push(
            Diagnostic::new(pointer, e.kind().keyword().to_string(), message)
                .with_value(Some(value)),
        );
    }
}

/// A failed `oneOf` at `pointer`: the allowed constants, the errors of the
/// one branch the value's `type` tag meant, or the tags allowed. False when
/// none of these applies (the error is then reported as it is).
fn one_of(
    e: &ValidationError<'_>,
    pointer: &str,
    context: &[Branch],
    out: &mut Vec<Diagnostic>,
) -> bool {
    if let Some(consts) = constants(pointer, context) {
        let value = shorten(e.instance(), VALUE_WIDTH);
        let message = format!("{value} is not one of {}", consts.join(", "));
        out.push(Diagnostic::new(pointer, "oneOf", message).with_value(Some(value)));
        return true;
    }
    let tag = format!("{pointer}/type");
    let meant: Vec<&Branch> = context
        .iter()
        .filter(|b| !misses_tag(b, pointer, &tag))
        .collect();
    if let [branch] = meant.as_slice() {
        for inner in branch.iter() {
            push(inner, out);
        }
        return true;
    }
    if meant.is_empty() && !context.is_empty() {
        out.push(unknown_tag(e, pointer, tag, context));
        return true;
    }
    false
}

/// For a `oneOf` of constants (a unit enum with documented variants): each
/// allowed value, shortened.
fn constants(pointer: &str, context: &[Branch]) -> Option<Vec<String>> {
    let consts: Option<Vec<String>> = context
        .iter()
        .map(|b| match b.as_slice() {
            [c] if c.instance_path().as_str() == pointer => match c.kind() {
                ValidationErrorKind::Constant { expected_value } => {
                    Some(shorten(expected_value, VALUE_WIDTH))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    consts.filter(|c| !c.is_empty())
}

/// True when the value at `pointer` is not of the variant `branch`
/// describes: its `type` tag (at `tag`) is another, or missing.
fn misses_tag(branch: &Branch, pointer: &str, tag: &str) -> bool {
    branch.iter().any(|b| {
        let p = b.instance_path().as_str();
        (p == tag && matches!(b.kind(), ValidationErrorKind::Constant { .. }))
            || (p == pointer
                && matches!(b.kind(), ValidationErrorKind::Required { property } if property == "type"))
    })
}

/// The value at `pointer` matches no variant's tag: name the tags allowed.
fn unknown_tag(
    e: &ValidationError<'_>,
    pointer: &str,
    tag: String,
    context: &[Branch],
) -> Diagnostic {
    let kinds: Vec<String> = context
        .iter()
        .flat_map(|b| b.iter())
        .filter_map(|b| match b.kind() {
            ValidationErrorKind::Constant { expected_value } => Some(expected_value.to_string()),
            _ => None,
        })
        .collect();
    match e.instance().get("type") {
        Some(t) => Diagnostic::new(
            tag,
            "oneOf",
            format!(
                "{} is not a known type here (one of {})",
                shorten(t, VALUE_WIDTH),
                kinds.join(", ")
            ),
        )
        .with_value(Some(shorten(t, VALUE_WIDTH))),
        None => Diagnostic::new(
            pointer,
            "required",
            format!(
                "\"type\" is a required property (one of {})",
                kinds.join(", ")
            ),
        ),
    }
}
