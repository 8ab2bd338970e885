//! The response parser: decoding and every check before signature processing, on any input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = idp_federation::precheck::precheck(text);
        let _ = idp_federation::precheck::precheck_assertion(text);
        let _ = idp_federation::precheck::decode_form_value(text);
    }
});
