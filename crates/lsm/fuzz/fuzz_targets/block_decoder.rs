//! Feeds arbitrary bytes to the SSTable block decoder, then iterates the block forwards and
//! backwards and seeks in it. Any panic (or endless loop) is a bug: malformed blocks must
//! surface as `Error::Corruption`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cairn_lsm::sstable::fuzz_block_decoder(data);
});
