"""crmdesk: the store's customer notebook (顧客カード・顧客カルテ) on the office PC."""

__version__ = "0.1.0"
APP_NAME = "crmdesk"
