"""casualties"""
