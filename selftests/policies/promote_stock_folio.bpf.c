// SPDX-License-Identifier: GPL-2.0
/* promote_stock with a promote_folio that allows every folio. */
#define PROMOTE_STOCK_FOLIO
#include "promote_stock.bpf.c"
