// Redis Cluster key → hash slot, as the cluster specification defines it: CRC16 (the XMODEM
// variant: polynomial 0x1021, initial value 0) of the key's hash tag, modulo 16384.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace cs {

inline constexpr int kClusterSlots = 16384;

// CRC16-XMODEM of `data` ("123456789" → 0x31C3, the check value in the specification).
uint16_t Crc16Xmodem(std::string_view data);

// The slot Redis Cluster stores `key` in: only the hash tag counts when the key has one
// ("cs:{venue:ocean}:occ" and "venue:ocean" share slot 10257).
int KeySlot(std::string_view key);

}  // namespace cs
