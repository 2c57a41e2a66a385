"""sentence"""
