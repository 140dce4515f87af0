<?xml version="1.0" encoding="UTF-8"?>
<!-- CN22 customs declaration as SVG, 148 x 150 mm. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="http://www.w3.org/2000/svg"
                >
  <xsl:import href="../common.xsl"/>
  <xsl:include href="postal.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/CN22">
    <svg width="148mm" height="150mm" viewBox="0 0 148 150" font-family="{$font}">
      <rect x="0" y="0" width="148" height="150" fill="#fff"/>
      <rect x="2" y="2" width="144" height="146" fill="none" stroke="#000" stroke-width="0.5"/>
      <xsl:call-template name="postal-body">
        <xsl:with-param name="width" select="148"/><xsl:with-param name="title" select="'cn22_title'"/><xsl:with-param name="top" select="9"/>
      </xsl:call-template>
    </svg>
  </xsl:template>
</xsl:stylesheet>
