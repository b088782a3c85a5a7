//! PDF text strings (info dictionary values, `/Alt`, `/ActualText`) →
//! Rust strings: UTF-16BE with its byte-order mark, else PDFDocEncoding
//! read as Latin-1.

/// PDF text strings are UTF-16BE with a BOM or PDFDocEncoding (≈ Latin-1).
pub fn decode_pdf_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_a_byte_order_mark_and_latin1_without() {
        assert_eq!(decode_pdf_string(&[0xFE, 0xFF, 0x00, 0x41, 0x20, 0x13]), "A–");
        assert_eq!(decode_pdf_string(b"caf\xe9"), "café");
        assert_eq!(decode_pdf_string(b""), "");
    }
}
