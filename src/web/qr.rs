//! A QR code as inline SVG (the `qrcode` crate), drawn on the server: no script, no image
//! request, and the page's Content-Security-Policy stays as it is.

use qrcode::QrCode;
use qrcode::render::svg;

/// The SVG element for `text`, labelled for screen readers; `None` if the text is too long for
/// a QR code.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // Inline in HTML: no XML declaration.
    let start = image.find("<svg")?;
    let label: String = label
        .chars()
        .filter(|c| !matches!(c, '"' | '<' | '>' | '&'))
        .collect();
    Some(image[start..].replacen(
        "<svg",
        &format!(r#"<svg role="img" aria-label="{label}""#),
        1,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_svg_is_an_inline_element_with_its_label() {
        let svg = super::svg("otpauth://totp/wettbewerb:a%40b.de?secret=ABC", "QR \"x\"").unwrap();
        assert!(
            svg.starts_with(r#"<svg role="img" aria-label="QR x""#),
            "{svg}"
        );
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(!svg.contains("<?xml"));
    }
}
