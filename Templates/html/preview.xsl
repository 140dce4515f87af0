<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML preview of any Bonded document: every element as a nested table, with a localised title. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:call-template name="t"><xsl:with-param name="key" select="'preview'"/></xsl:call-template>: <xsl:value-of select="local-name(*)"/></title>
        <style>body{font-family:'Noto Sans CJK SC',sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}th{background:#eee}</style>
      </head>
      <body>
        <h1><xsl:call-template name="t"><xsl:with-param name="key" select="'preview'"/></xsl:call-template>: <xsl:value-of select="local-name(*)"/></h1>
        <xsl:apply-templates select="*"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="*[*]">
    <table>
      <xsl:for-each select="@*"><tr><th>@<xsl:value-of select="local-name()"/></th><td><xsl:value-of select="."/></td></tr></xsl:for-each>
      <xsl:for-each select="*[not(self::Path)]">
        <tr><th><xsl:value-of select="local-name()"/></th><td><xsl:apply-templates select="."/></td></tr>
      </xsl:for-each>
    </table>
  </xsl:template>

  <xsl:template match="*[not(*)]">
    <xsl:value-of select="."/>
    <xsl:for-each select="@*"><xsl:value-of select="concat(' ', .)"/></xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
